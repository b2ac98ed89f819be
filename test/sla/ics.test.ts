import { describe, expect, it } from 'vitest';
import { mergeHolidays, parseIcsHolidays } from '@/lib/sla/ics';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

describe('parseIcsHolidays', () => {
  it('reads all-day events (CRLF), multi-day events with exclusive DTEND, and date-times', () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//Test//Holidays//EN',
      'BEGIN:VEVENT',
      'UID:1',
      'DTSTART;VALUE=DATE:20250704',
      'DTEND;VALUE=DATE:20250705',
      'SUMMARY:Independence Day',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:2',
      'DTSTART;VALUE=DATE:20251224',
      'DTEND;VALUE=DATE:20251227',
      'SUMMARY:Christmas break',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:3',
      'DTSTART;TZID="America/New_York":20251127T000000',
      'DTEND;TZID="America/New_York":20251128T000000',
      'SUMMARY:Thanksgiving',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'UID:4',
      'DTSTART:20250526T090000',
      'SUMMARY:Memorial Day (timed)',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(parseIcsHolidays(text)).toEqual({
      dates: ['2025-05-26', '2025-07-04', '2025-11-27', '2025-12-24', '2025-12-25', '2025-12-26'],
      warnings: [],
    });
  });

  it('unfolds continuation lines (LF, space and tab)', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'SUMMARY:A very long',
      '  holiday name',
      'DTSTART;VALU',
      ' E=DATE:2025',
      '\t0101',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\n');
    expect(parseIcsHolidays(text)).toEqual({ dates: ['2025-01-01'], warnings: [] });
  });

  it('a timed event with DTEND later the next day covers both dates; DURATION works too', () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART:20250801T120000',
      'DTEND:20250802T120000',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250901',
      'DURATION:P2D',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(parseIcsHolidays(text).dates).toEqual(['2025-08-01', '2025-08-02', '2025-09-01', '2025-09-02']);
  });

  it('UTC date-times are converted to the calendar time zone when given', () => {
    const text = crlf(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART:20251225T030000Z', 'END:VEVENT', 'END:VCALENDAR']);
    expect(parseIcsHolidays(text).dates).toEqual(['2025-12-25']);
    // 03:00Z is still Christmas Eve in New York.
    expect(parseIcsHolidays(text, { timeZone: 'America/New_York' }).dates).toEqual(['2025-12-24']);
  });

  it('skips unreadable events with warnings and keeps the rest', () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'SUMMARY:No start',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Bad start',
      'DTSTART;VALUE=DATE:2025-07-04',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Backwards',
      'DTSTART;VALUE=DATE:20250710',
      'DTEND;VALUE=DATE:20250701',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Impossible date',
      'DTSTART;VALUE=DATE:20250230',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Yearly',
      'DTSTART;VALUE=DATE:20250101',
      'RRULE:FREQ=YEARLY',
      'BEGIN:VALARM',
      'TRIGGER:-PT15M',
      'DTSTART:19990101T000000',
      'END:VALARM',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'SUMMARY:Cancelled',
      'STATUS:CANCELLED',
      'DTSTART;VALUE=DATE:20250102',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250103',
      'END:VCALENDAR',
    ]);
    expect(parseIcsHolidays(text)).toEqual({
      dates: ['2025-01-01'],
      warnings: [
        'Event 1 "No start": no DTSTART, skipped.',
        'Event 2 "Bad start": cannot read DTSTART "2025-07-04", skipped.',
        'Event 3 "Backwards": DTEND before DTSTART, skipped.',
        'Event 4 "Impossible date": cannot read DTSTART "20250230", skipped.',
        'Event 5 "Yearly": repeats (RRULE/RDATE); only its first occurrence 2025-01-01 was imported.',
        'Event 6 "Cancelled": cancelled, skipped.',
        'Event 7: not terminated by END:VEVENT, skipped.',
      ],
    });
  });

  it('de-duplicates, sorts, and says so when the text is not a calendar', () => {
    const text = crlf([
      'BEGIN:VCALENDAR',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20251225',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20250101',
      'END:VEVENT',
      'BEGIN:VEVENT',
      'DTSTART;VALUE=DATE:20251225',
      'END:VEVENT',
      'END:VCALENDAR',
    ]);
    expect(parseIcsHolidays(text).dates).toEqual(['2025-01-01', '2025-12-25']);
    expect(parseIcsHolidays('hello')).toEqual({ dates: [], warnings: ['Not an iCalendar file: no BEGIN:VCALENDAR or VEVENT found.'] });
    expect(mergeHolidays(['2025-12-25', '2025-07-04'], ['2025-01-01', '2025-07-04'])).toEqual(['2025-01-01', '2025-07-04', '2025-12-25']);
  });
});
