import { describe, expect, it } from 'vitest';
import { deadline } from '@/lib/sla';
import {
  DEFAULT_CALENDAR,
  DEFAULT_TARGETS,
  alwaysOpenCalendar,
  defaultCalendar,
  defaultTargets,
  describeTarget,
  validateCalendar,
  validateTargets,
} from '@/lib/sla/policy';

describe('defaults from the runbook', () => {
  it('targets', () => {
    expect(DEFAULT_TARGETS).toEqual({
      1: { ack: { kind: 'elapsed', minutes: 30 }, mitigate: { kind: 'elapsed', minutes: 240 } },
      2: { ack: { kind: 'elapsed', minutes: 240 }, mitigate: { kind: 'business', minutes: 480 } },
      3: { ack: { kind: 'nextBusinessDay' }, mitigate: { kind: 'business', minutes: 2400 } },
    });
    expect(validateTargets(DEFAULT_TARGETS)).toEqual([]);
    expect(validateTargets(JSON.parse(JSON.stringify(DEFAULT_TARGETS)))).toEqual([]);
  });
  it('calendar: Mon–Fri 09:00–17:00 UTC', () => {
    expect(DEFAULT_CALENDAR.timeZone).toBe('UTC');
    expect(DEFAULT_CALENDAR.week.mon).toEqual([['09:00', '17:00']]);
    expect(DEFAULT_CALENDAR.week.sat).toEqual([]);
    expect(validateCalendar(DEFAULT_CALENDAR)).toEqual([]);
    expect(deadline(new Date('2025-06-13T16:30:00Z'), DEFAULT_TARGETS[3].ack, DEFAULT_CALENDAR).toISOString()).toBe('2025-06-16T17:00:00.000Z');
  });
  it('copies are independent', () => {
    const t = defaultTargets();
    t[1].ack = { kind: 'elapsed', minutes: 15 };
    expect(DEFAULT_TARGETS[1].ack).toEqual({ kind: 'elapsed', minutes: 30 });
    const c = defaultCalendar('Europe/Berlin');
    c.holidays.push('2025-12-25');
    expect(c.timeZone).toBe('Europe/Berlin');
    expect(DEFAULT_CALENDAR.holidays).toEqual([]);
    expect(validateCalendar(alwaysOpenCalendar('Asia/Kolkata'))).toEqual([]);
  });
  it('describeTarget', () => {
    expect(describeTarget({ kind: 'elapsed', minutes: 30 })).toBe('30 min (24×7)');
    expect(describeTarget({ kind: 'elapsed', minutes: 240 })).toBe('4 h (24×7)');
    expect(describeTarget({ kind: 'business', minutes: 480 })).toBe('1 business day');
    expect(describeTarget({ kind: 'business', minutes: 2400 })).toBe('5 business days');
    expect(describeTarget({ kind: 'business', minutes: 90 })).toBe('90 min business time');
    expect(describeTarget({ kind: 'nextBusinessDay' })).toBe('next business day');
  });
});

describe('validateCalendar', () => {
  const ok = () => defaultCalendar('America/New_York');
  it('accepts several windows, 24:00 closes and touching windows', () => {
    const c = ok();
    c.week.mon = [['09:00', '12:00'], ['12:00', '13:00'], ['18:00', '24:00']];
    expect(validateCalendar(c)).toEqual([]);
  });
  it('rejects a bad time zone', () => {
    expect(validateCalendar({ ...ok(), timeZone: 'Mars/Olympus' })).toEqual(['Time zone "Mars/Olympus" is not a valid IANA time zone (e.g. "Europe/Berlin").']);
    expect(validateCalendar({ ...ok(), timeZone: '' })).toEqual(['Time zone is missing.']);
  });
  it('rejects close before open, bad times and overlaps', () => {
    const c = ok();
    c.week.mon = [['17:00', '09:00']];
    c.week.tue = [['9h00', '17:00']];
    c.week.wed = [['09:00', '13:00'], ['12:00', '17:00']];
    c.week.thu = [['24:00', '24:00']];
    c.week.fri = [['09:00', '24:30']];
    expect(validateCalendar(c)).toEqual([
      'mon window 1: closes (09:00) at or before it opens (17:00).',
      'tue window 1: opening time "9h00" is not a time between 00:00 and 23:59.',
      'wed: windows 09:00–13:00 and 12:00–17:00 overlap.',
      'thu window 1: opening time "24:00" is not a time between 00:00 and 23:59.',
      'fri window 1: closing time "24:30" is not a time between 00:00 and 24:00.',
    ]);
  });
  it('rejects bad holiday dates and duplicates', () => {
    expect(validateCalendar({ ...ok(), holidays: ['2025-02-30', '2025-7-4', '2025-12-25', '2025-12-25'] })).toEqual([
      'Holiday "2025-02-30" is not a valid YYYY-MM-DD date.',
      'Holiday "2025-7-4" is not a valid YYYY-MM-DD date.',
      'Holiday 2025-12-25 is listed twice.',
    ]);
  });
  it('rejects a calendar without any window, and missing / unknown days', () => {
    const none = { timeZone: 'UTC', week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] };
    expect(validateCalendar(none)).toEqual(['The calendar has no opening windows: business-hours targets could never be met.']);
    expect(validateCalendar({ timeZone: 'UTC', week: { mon: [['09:00', '17:00']], funday: [] }, holidays: [] })).toEqual([
      'Unknown weekday "funday" (use mon, tue, wed, thu, fri, sat, sun).',
      'tue: missing (use [] for a closed day).',
      'wed: missing (use [] for a closed day).',
      'thu: missing (use [] for a closed day).',
      'fri: missing (use [] for a closed day).',
      'sat: missing (use [] for a closed day).',
      'sun: missing (use [] for a closed day).',
    ]);
    expect(validateCalendar(null)).toHaveLength(1);
  });
});

describe('validateTargets', () => {
  it('reports each bad target', () => {
    const t = defaultTargets() as unknown as Record<string, Record<string, unknown>>;
    t[1].ack = { kind: 'elapsed', minutes: 0 };
    t[2].mitigate = { kind: 'business', minutes: 12.5 };
    t[3].ack = { kind: 'weekly' };
    delete t[3].mitigate;
    expect(validateTargets(t)).toEqual([
      'Sev-1 time to acknowledge: minutes must be a whole number greater than 0.',
      'Sev-2 time to mitigate: minutes must be a whole number greater than 0.',
      'Sev-3 time to acknowledge: kind must be "elapsed", "business" or "nextBusinessDay".',
      'Sev-3 time to mitigate: missing.',
    ]);
  });
  it('reports missing and unknown severities', () => {
    expect(validateTargets({ 1: DEFAULT_TARGETS[1], 2: DEFAULT_TARGETS[2], 4: DEFAULT_TARGETS[1] })).toEqual([
      'Unknown severity "4" (use 1, 2 or 3).',
      'Sev-3: targets are missing.',
    ]);
    expect(validateTargets({ ...DEFAULT_TARGETS, 1: { ack: { kind: 'elapsed', minutes: 10_000_000 }, mitigate: DEFAULT_TARGETS[1].mitigate } })).toEqual([
      'Sev-1 time to acknowledge: 10000000 minutes is more than a year.',
    ]);
  });
});
