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
    expect(parseIcsHolidays(text, { window: { from: '2025-01-01', to: '2026-12-31' } })).toEqual({
      dates: ['2025-01-01', '2026-01-01'],
      warnings: [
        'Event 1 "No start": no DTSTART, skipped.',
        'Event 2 "Bad start": cannot read DTSTART "2025-07-04", skipped.',
        'Event 3 "Backwards": DTEND before DTSTART, skipped.',
        'Event 4 "Impossible date": cannot read DTSTART "20250230", skipped.',
        'Event 5 "Yearly": repeats beyond the import window; 2 occurrences from 2025-01-01 to 2026-12-31 imported.',
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

  describe('recurring events (ical.js)', () => {
    const window = { from: '2025-01-01', to: '2028-12-31' };

    it('expands a yearly Christmas and "last Monday of May" over the window', () => {
      const text = crlf([
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:xmas',
        'SUMMARY:Christmas Day',
        'DTSTART;VALUE=DATE:20201225',
        'DTEND;VALUE=DATE:20201226',
        'RRULE:FREQ=YEARLY',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:memorial',
        'SUMMARY:Memorial Day',
        'DTSTART;VALUE=DATE:20250526',
        'RRULE:FREQ=YEARLY;BYMONTH=5;BYDAY=-1MO;UNTIL=20271231',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(parseIcsHolidays(text, { window })).toEqual({
        dates: ['2025-05-26', '2025-12-25', '2026-05-25', '2026-12-25', '2027-05-31', '2027-12-25', '2028-12-25'],
        warnings: ['Event 1 "Christmas Day": repeats beyond the import window; 4 occurrences from 2025-01-01 to 2028-12-31 imported.'],
      });
    });

    it('honours EXDATE, RDATE, COUNT and multi-day occurrences', () => {
      const text = crlf([
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:break',
        'SUMMARY:Winter break',
        'DTSTART;VALUE=DATE:20251224',
        'DTEND;VALUE=DATE:20251227',
        'RRULE:FREQ=YEARLY;COUNT=3',
        'EXDATE;VALUE=DATE:20261224',
        'RDATE;VALUE=DATE:20250801',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(parseIcsHolidays(text, { window })).toEqual({
        dates: ['2025-08-01', '2025-08-02', '2025-08-03', '2025-12-24', '2025-12-25', '2025-12-26', '2027-12-24', '2027-12-25', '2027-12-26'],
        warnings: [],
      });
    });

    it('a moved occurrence (RECURRENCE-ID) replaces the original; a cancelled one removes it', () => {
      const text = crlf([
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'UID:founders',
        'SUMMARY:Founders day',
        'DTSTART;VALUE=DATE:20250310',
        'RRULE:FREQ=YEARLY;COUNT=3',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:founders',
        'RECURRENCE-ID;VALUE=DATE:20260310',
        'DTSTART;VALUE=DATE:20260311',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'UID:founders',
        'RECURRENCE-ID;VALUE=DATE:20270310',
        'STATUS:CANCELLED',
        'DTSTART;VALUE=DATE:20270310',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(parseIcsHolidays(text, { window })).toEqual({
        dates: ['2025-03-10', '2026-03-11'],
        warnings: ['Event 3: cancelled, skipped.'],
      });
    });

    it('UTC date-time occurrences land on the calendar zone\'s date; a cancelled series stays skipped', () => {
      const text = crlf([
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'SUMMARY:Late UTC',
        'DTSTART:20250101T230000Z',
        'RRULE:FREQ=YEARLY;COUNT=2',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:Gone',
        'STATUS:CANCELLED',
        'DTSTART;VALUE=DATE:20250101',
        'RRULE:FREQ=YEARLY',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      expect(parseIcsHolidays(text, { window, timeZone: 'Europe/Berlin' })).toEqual({
        dates: ['2025-01-02', '2026-01-02'],
        warnings: ['Event 2 "Gone": cancelled, skipped.'],
      });
    });

    it('a rule that never reaches the window, or an unreadable one, says so', () => {
      const text = crlf([
        'BEGIN:VCALENDAR',
        'BEGIN:VEVENT',
        'SUMMARY:Old',
        'DTSTART;VALUE=DATE:19900101',
        'RRULE:FREQ=YEARLY;COUNT=2',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:Daily forever',
        'DTSTART;VALUE=DATE:19000101',
        'RRULE:FREQ=DAILY',
        'END:VEVENT',
        'BEGIN:VEVENT',
        'SUMMARY:Garbled',
        'DTSTART;VALUE=DATE:20250102',
        'RRULE:FREQ=SOMETIMES',
        'END:VEVENT',
        'END:VCALENDAR',
      ]);
      const out = parseIcsHolidays(text, { window: { from: '2025-01-01', to: '2025-01-03' } });
      expect(out.warnings[0]).toBe('Event 1 "Old": repeats, but no occurrence falls between 2025-01-01 and 2025-01-03; nothing imported.');
      // 1900 → 2025 daily is past the step bound (3000 a rule): nothing reaches the window, and that is reported.
      expect(out.warnings[1]).toMatch(/^Event 2 "Daily forever": repeats beyond the import window; 0 occurrences/);
      expect(out.warnings[2]).toMatch(/^Event 3 "Garbled": cannot read its recurrence \(invalid frequency "SOMETIMES".*\); only its first occurrence 2025-01-02 was imported\.$/);
      expect(out.dates).toEqual(['2025-01-02']);
    });

    it('the default window runs from last year to five years ahead of now', () => {
      const text = crlf(['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20001225', 'RRULE:FREQ=YEARLY', 'END:VEVENT', 'END:VCALENDAR']);
      const { dates } = parseIcsHolidays(text, { now: new Date('2026-06-01T00:00:00Z') });
      expect(dates).toEqual(['2025-12-25', '2026-12-25', '2027-12-25', '2028-12-25', '2029-12-25', '2030-12-25', '2031-12-25']);
    });
  });
});
