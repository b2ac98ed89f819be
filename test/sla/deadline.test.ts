import { describe, expect, it } from 'vitest';
import { deadline, type BusinessCalendar, type Target } from '@/lib/sla';
import { businessMinutesBetween } from '@/lib/sla/report';

type Week = BusinessCalendar['week'];
const weekdays = (w: [string, string][]): Week => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: [], sun: [] });
const everyDay = (w: [string, string][]): Week => ({ mon: w, tue: w, wed: w, thu: w, fri: w, sat: w, sun: w });
const cal = (timeZone: string, week: Week = weekdays([['09:00', '17:00']]), holidays: string[] = []): BusinessCalendar => ({
  timeZone,
  week,
  holidays,
});
const business = (minutes: number): Target => ({ kind: 'business', minutes });
const elapsed = (minutes: number): Target => ({ kind: 'elapsed', minutes });
const nbd: Target = { kind: 'nextBusinessDay' };
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

const NY = cal('America/New_York', weekdays([['09:00', '17:00']]), ['2025-05-26', '2025-07-04', '2025-11-27']);
const UTC = cal('UTC');

describe('business targets: basics (UTC calendar)', () => {
  it('start exactly at opening consumes a full day to the close', () => {
    expect(iso(deadline(at('2025-06-09T09:00:00Z'), business(480), UTC))).toBe('2025-06-09T17:00:00.000Z');
  });
  it('the deadline may equal a closing time (Fri 16:30 + 30 = Fri 17:00)', () => {
    expect(iso(deadline(at('2025-06-13T16:30:00Z'), business(30), UTC))).toBe('2025-06-13T17:00:00.000Z');
  });
  it('one more minute rolls over to the next business day', () => {
    expect(iso(deadline(at('2025-06-13T16:30:00Z'), business(31), UTC))).toBe('2025-06-16T09:01:00.000Z');
  });
  it('start before opening waits for the opening', () => {
    expect(iso(deadline(at('2025-06-10T06:00:00Z'), business(60), UTC))).toBe('2025-06-10T10:00:00.000Z');
  });
  it('start exactly at a close is not open time (half-open windows)', () => {
    expect(iso(deadline(at('2025-06-10T17:00:00Z'), business(1), UTC))).toBe('2025-06-11T09:01:00.000Z');
  });
  it('business 0 is the start itself when open', () => {
    expect(iso(deadline(at('2025-06-11T10:15:00Z'), business(0), UTC))).toBe('2025-06-11T10:15:00.000Z');
  });
  it('business 0 outside hours is the next opening', () => {
    expect(iso(deadline(at('2025-06-13T17:00:00Z'), business(0), UTC))).toBe('2025-06-16T09:00:00.000Z');
    expect(iso(deadline(at('2025-06-14T12:00:00Z'), business(0), UTC))).toBe('2025-06-16T09:00:00.000Z');
  });
  it('keeps seconds and milliseconds of the start', () => {
    expect(iso(deadline(at('2025-06-11T10:15:30.500Z'), business(60), UTC))).toBe('2025-06-11T11:15:30.500Z');
  });
  it('fractional minutes are honoured', () => {
    expect(iso(deadline(at('2025-06-11T10:00:00Z'), business(0.5), UTC))).toBe('2025-06-11T10:00:30.000Z');
  });
  it('5 business days from Monday opening end Friday at the close', () => {
    expect(iso(deadline(at('2025-06-09T09:00:00Z'), business(2400), UTC))).toBe('2025-06-13T17:00:00.000Z');
  });
  it('long targets walk many weeks (20 business days)', () => {
    expect(iso(deadline(at('2025-06-09T09:00:00Z'), business(480 * 20), UTC))).toBe('2025-07-04T17:00:00.000Z');
  });
  it('a start in the middle of the weekend starts Monday', () => {
    expect(iso(deadline(at('2025-06-15T23:59:00Z'), business(1), UTC))).toBe('2025-06-16T09:01:00.000Z');
  });
});

describe('elapsed targets', () => {
  it('is N real minutes whatever the calendar', () => {
    expect(iso(deadline(at('2025-06-14T03:00:00Z'), elapsed(30), UTC))).toBe('2025-06-14T03:30:00.000Z');
    expect(iso(deadline(at('2025-06-13T16:30:00Z'), elapsed(240), NY))).toBe('2025-06-13T20:30:00.000Z');
  });
  it('elapsed 0 is the start', () => {
    expect(iso(deadline(at('2025-06-14T03:00:00Z'), elapsed(0), UTC))).toBe('2025-06-14T03:00:00.000Z');
  });
  it('counts real minutes across a DST change (01:00 EST + 120 min = 04:00 EDT)', () => {
    // 2025-03-09 01:00 EST = 06:00Z; two real hours later is 08:00Z = 04:00 EDT.
    expect(iso(deadline(at('2025-03-09T06:00:00Z'), elapsed(120), NY))).toBe('2025-03-09T08:00:00.000Z');
  });
  it('works on a calendar without any window (elapsed does not need one)', () => {
    const closed = cal('UTC', weekdays([]));
    expect(iso(deadline(at('2025-06-14T03:00:00Z'), elapsed(30), closed))).toBe('2025-06-14T03:30:00.000Z');
  });
  it('a pause extends it by its overlap with the running clock', () => {
    const p = [{ from: at('2025-06-10T10:15:00Z'), to: at('2025-06-10T10:45:00Z') }];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:30:00.000Z');
  });
  it('overlapping, unsorted pauses are merged (10:15–10:50 = 35 min)', () => {
    const p = [
      { from: at('2025-06-10T10:30:00Z'), to: at('2025-06-10T10:50:00Z') },
      { from: at('2025-06-10T10:15:00Z'), to: at('2025-06-10T10:40:00Z') },
    ];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:35:00.000Z');
  });
  it('pauses before the start are ignored, and a pause straddling the start counts from the start', () => {
    const p = [
      { from: at('2025-06-10T08:00:00Z'), to: at('2025-06-10T09:00:00Z') },
      { from: at('2025-06-10T09:30:00Z'), to: at('2025-06-10T10:10:00Z') },
    ];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:10:00.000Z');
  });
  it('empty and inverted pauses are ignored', () => {
    const p = [
      { from: at('2025-06-10T10:10:00Z'), to: at('2025-06-10T10:10:00Z') },
      { from: at('2025-06-10T10:30:00Z'), to: at('2025-06-10T10:20:00Z') },
    ];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:00:00.000Z');
  });
  it('a pause starting exactly when the target is reached does not move it', () => {
    const p = [{ from: at('2025-06-10T11:00:00Z'), to: at('2025-06-10T12:00:00Z') }];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:00:00.000Z');
  });
  it('pauses after the deadline do not move it', () => {
    const p = [{ from: at('2025-06-11T10:00:00Z'), to: at('2025-06-11T12:00:00Z') }];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(60), UTC, p))).toBe('2025-06-10T11:00:00.000Z');
  });
  it('a "running" pause is passed with to = now', () => {
    const now = at('2025-06-10T10:40:00Z');
    const p = [{ from: at('2025-06-10T10:10:00Z'), to: now }];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), elapsed(30), UTC, p))).toBe('2025-06-10T11:00:00.000Z');
  });
});

describe('pauses on business targets', () => {
  it('a pause outside business hours changes nothing', () => {
    const p = [{ from: at('2025-06-10T18:00:00Z'), to: at('2025-06-11T08:00:00Z') }];
    expect(iso(deadline(at('2025-06-10T16:00:00Z'), business(120), UTC, p))).toBe('2025-06-11T10:00:00.000Z');
  });
  it('a start inside a pause waits for its end', () => {
    const p = [{ from: at('2025-06-10T08:00:00Z'), to: at('2025-06-10T11:00:00Z') }];
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), business(60), UTC, p))).toBe('2025-06-10T12:00:00.000Z');
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), business(0), UTC, p))).toBe('2025-06-10T11:00:00.000Z');
  });
  it('several pauses across days', () => {
    // Mon 10:00 start; pauses Mon 11–12 and Mon 16:00–Tue 10:00 → counted Mon 10–11, 12–16 (300), Tue 10:00 + 180 = 13:00.
    const p = [
      { from: at('2025-06-09T16:00:00Z'), to: at('2025-06-10T10:00:00Z') },
      { from: at('2025-06-09T11:00:00Z'), to: at('2025-06-09T12:00:00Z') },
    ];
    expect(iso(deadline(at('2025-06-09T10:00:00Z'), business(480), UTC, p))).toBe('2025-06-10T13:00:00.000Z');
  });
  it('nextBusinessDay with a pause: business minutes to that close, then extended like a business target', () => {
    // Fri 16:30 NY → Mon 17:00 is 30 + 480 = 510 business minutes. Paused Fri 16:45 → Mon 10:00
    // hides 15 + 60 = 75 of them, so the deadline moves 75 business minutes: Tue 10:15.
    const p = [{ from: at('2025-06-13T20:45:00Z'), to: at('2025-06-16T14:00:00Z') }];
    expect(iso(deadline(at('2025-06-13T20:30:00Z'), nbd, NY, p))).toBe('2025-06-17T14:15:00.000Z');
  });
  it('nextBusinessDay with a pause outside business hours stays at the close', () => {
    const p = [{ from: at('2025-06-14T12:00:00Z'), to: at('2025-06-15T12:00:00Z') }];
    expect(iso(deadline(at('2025-06-13T20:30:00Z'), nbd, NY, p))).toBe('2025-06-16T21:00:00.000Z');
  });
  it('pause boundaries touching windows', () => {
    // Paused exactly over Tuesday's window: Tuesday counts nothing.
    const p = [{ from: at('2025-06-10T09:00:00Z'), to: at('2025-06-10T17:00:00Z') }];
    expect(iso(deadline(at('2025-06-09T17:00:00Z'), business(60), UTC, p))).toBe('2025-06-11T10:00:00.000Z');
  });
});

describe('nextBusinessDay', () => {
  it('from a weekday → the next weekday at the close', () => {
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), nbd, UTC))).toBe('2025-06-11T17:00:00.000Z');
  });
  it('from before the opening still means the next date, not today', () => {
    expect(iso(deadline(at('2025-06-10T06:00:00Z'), nbd, UTC))).toBe('2025-06-11T17:00:00.000Z');
  });
  it('from after the close → next date', () => {
    expect(iso(deadline(at('2025-06-10T22:00:00Z'), nbd, UTC))).toBe('2025-06-11T17:00:00.000Z');
  });
  it('uses the local date of the start, not the UTC date (Mon 23:30 NY = Tue 03:30Z)', () => {
    expect(iso(deadline(at('2025-06-10T03:30:00Z'), nbd, NY))).toBe('2025-06-10T21:00:00.000Z');
  });
  it('from Sunday → Monday; from Saturday → Monday', () => {
    expect(iso(deadline(at('2025-06-15T12:00:00Z'), nbd, UTC))).toBe('2025-06-16T17:00:00.000Z');
    expect(iso(deadline(at('2025-06-14T12:00:00Z'), nbd, UTC))).toBe('2025-06-16T17:00:00.000Z');
  });
  it('from a holiday → the next business day after it (Fri 07-04 → Mon 07-07)', () => {
    expect(iso(deadline(at('2025-07-04T14:00:00Z'), nbd, NY))).toBe('2025-07-07T21:00:00.000Z');
  });
  it('from the day before Thanksgiving → Friday', () => {
    expect(iso(deadline(at('2025-11-26T15:00:00Z'), nbd, NY))).toBe('2025-11-28T22:00:00.000Z');
  });
  it('closing time is the end of the last window of that day', () => {
    const split = cal('UTC', weekdays([['09:00', '12:00'], ['13:00', '17:30']]));
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), nbd, split))).toBe('2025-06-11T17:30:00.000Z');
  });
  it('a date with no windows is not a business day', () => {
    const tueThu = cal('UTC', { mon: [], tue: [['09:00', '17:00']], wed: [], thu: [['10:00', '16:00']], fri: [], sat: [], sun: [] });
    expect(iso(deadline(at('2025-06-10T10:00:00Z'), nbd, tueThu))).toBe('2025-06-12T16:00:00.000Z');
  });
});

describe('holidays', () => {
  it('a business target skips a holiday (Thu 07-03 16:00 + 120 → Mon 07-07 10:00)', () => {
    expect(iso(deadline(at('2025-07-03T20:00:00Z'), business(120), NY))).toBe('2025-07-07T14:00:00.000Z');
  });
  it('a start inside a holiday waits for the next business day', () => {
    expect(iso(deadline(at('2025-07-04T14:00:00Z'), business(60), NY))).toBe('2025-07-07T14:00:00.000Z');
  });
  it('a run of holidays is skipped', () => {
    const c = cal('UTC', weekdays([['09:00', '17:00']]), ['2025-12-24', '2025-12-25', '2025-12-26', '2025-12-29', '2025-12-30', '2025-12-31', '2026-01-01']);
    expect(iso(deadline(at('2025-12-23T16:00:00Z'), business(120), c))).toBe('2026-01-02T10:00:00.000Z');
  });
  it('holidays are local dates: a NY holiday starts at local midnight', () => {
    // 2025-07-04 00:30 EDT = 04:30Z is the holiday; 2025-07-03 23:30 EDT = 03:30Z is not, but closed anyway.
    expect(iso(deadline(at('2025-07-04T03:30:00Z'), business(0), NY))).toBe('2025-07-07T13:00:00.000Z');
  });
});

describe('several windows per day', () => {
  const split = cal('UTC', weekdays([['09:00', '12:00'], ['13:00', '17:00']]));
  it('crosses the lunch break', () => {
    expect(iso(deadline(at('2025-06-09T11:00:00Z'), business(120), split))).toBe('2025-06-09T14:00:00.000Z');
  });
  it('ending exactly at the first close stays at it', () => {
    expect(iso(deadline(at('2025-06-09T11:00:00Z'), business(60), split))).toBe('2025-06-09T12:00:00.000Z');
  });
  it('starting in the break waits for the next window', () => {
    expect(iso(deadline(at('2025-06-09T12:30:00Z'), business(30), split))).toBe('2025-06-09T13:30:00.000Z');
    expect(iso(deadline(at('2025-06-09T12:30:00Z'), business(0), split))).toBe('2025-06-09T13:00:00.000Z');
  });
  it('a business day is 7 hours here', () => {
    expect(iso(deadline(at('2025-06-09T09:00:00Z'), business(420), split))).toBe('2025-06-09T17:00:00.000Z');
    expect(iso(deadline(at('2025-06-09T09:00:00Z'), business(480), split))).toBe('2025-06-10T10:00:00.000Z');
  });
  it('unsorted windows in the calendar are fine', () => {
    const unsorted = cal('UTC', weekdays([['13:00', '17:00'], ['09:00', '12:00']]));
    expect(iso(deadline(at('2025-06-09T11:00:00Z'), business(120), unsorted))).toBe('2025-06-09T14:00:00.000Z');
  });
});

describe("'24:00' closes and 24×7 calendars", () => {
  const evening = cal('UTC', weekdays([['18:00', '24:00']]));
  it('a deadline can be a 24:00 close (= next day 00:00)', () => {
    expect(iso(deadline(at('2025-06-09T20:00:00Z'), business(240), evening))).toBe('2025-06-10T00:00:00.000Z');
  });
  it('continues in the next evening window', () => {
    expect(iso(deadline(at('2025-06-09T20:00:00Z'), business(300), evening))).toBe('2025-06-10T19:00:00.000Z');
  });
  it('nextBusinessDay closes at 24:00', () => {
    expect(iso(deadline(at('2025-06-09T20:00:00Z'), nbd, evening))).toBe('2025-06-11T00:00:00.000Z');
  });
  it('24×7 in UTC: business N = elapsed N', () => {
    const all = cal('UTC', everyDay([['00:00', '24:00']]));
    for (const m of [0, 1, 59, 480, 1440, 2400, 10_000]) {
      const s = at('2025-06-13T16:30:00Z');
      expect(deadline(s, business(m), all).getTime()).toBe(s.getTime() + m * 60_000);
    }
  });
  it('24×7 in New York across spring forward: business minutes are real minutes', () => {
    const all = cal('America/New_York', everyDay([['00:00', '24:00']]));
    const s = at('2025-03-08T17:00:00Z'); // Sat 12:00 EST
    expect(iso(deadline(s, business(1440), all))).toBe('2025-03-09T17:00:00.000Z'); // Sun 13:00 EDT
    // Sunday 2025-03-09 has 23 hours: nextBusinessDay from Saturday closes at Mon 00:00 EDT.
    expect(iso(deadline(s, nbd, all))).toBe('2025-03-10T04:00:00.000Z');
    expect(businessMinutesBetween(at('2025-03-09T05:00:00Z'), at('2025-03-10T04:00:00Z'), all)).toBe(23 * 60);
  });
  it('24×7 in New York across fall back: the day has 25 hours', () => {
    const all = cal('America/New_York', everyDay([['00:00', '24:00']]));
    // Sun 2025-11-02 00:00 EDT = 04:00Z → Mon 00:00 EST = 05:00Z next day.
    expect(businessMinutesBetween(at('2025-11-02T04:00:00Z'), at('2025-11-03T05:00:00Z'), all)).toBe(25 * 60);
    expect(iso(deadline(at('2025-11-01T16:00:00Z'), nbd, all))).toBe('2025-11-03T05:00:00.000Z');
    expect(iso(deadline(at('2025-11-02T04:00:00Z'), business(1500), all))).toBe('2025-11-03T05:00:00.000Z');
  });
});

describe('DST in America/New_York (Mon–Fri 09:00–17:00)', () => {
  it('spring forward weekend: Fri 16:00 EST + 120 → Mon 10:00 EDT', () => {
    expect(iso(deadline(at('2025-03-07T21:00:00Z'), business(120), NY))).toBe('2025-03-10T14:00:00.000Z');
  });
  it('fall back weekend: Fri 16:00 EDT + 120 → Mon 10:00 EST', () => {
    expect(iso(deadline(at('2025-10-31T20:00:00Z'), business(120), NY))).toBe('2025-11-03T15:00:00.000Z');
  });
  it('a 09:00–17:00 day is still 8 business hours in the DST week', () => {
    expect(iso(deadline(at('2025-03-10T13:00:00Z'), business(480), NY))).toBe('2025-03-10T21:00:00.000Z');
    expect(iso(deadline(at('2025-11-03T14:00:00Z'), business(480), NY))).toBe('2025-11-03T22:00:00.000Z');
  });
  it('5 business days across spring forward: Fri 16:30 EST → Fri 16:30 EDT', () => {
    expect(iso(deadline(at('2025-03-07T21:30:00Z'), business(2400), NY))).toBe('2025-03-14T20:30:00.000Z');
  });
  it('nextBusinessDay across fall back: Fri → Mon 17:00 EST', () => {
    expect(iso(deadline(at('2025-10-31T20:00:00Z'), nbd, NY))).toBe('2025-11-03T22:00:00.000Z');
  });
  it('a window opening in the spring-forward gap (02:30) opens at the first instant after it (03:00 EDT)', () => {
    const c = cal('America/New_York', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['02:30', '04:00']] });
    expect(iso(deadline(at('2025-03-08T12:00:00Z'), business(0), c))).toBe('2025-03-09T07:00:00.000Z');
    expect(iso(deadline(at('2025-03-08T12:00:00Z'), business(30), c))).toBe('2025-03-09T07:30:00.000Z');
    // Only 60 minutes are open that Sunday (03:00–04:00 EDT); the 61st is on the next Sunday.
    expect(iso(deadline(at('2025-03-08T12:00:00Z'), business(61), c))).toBe('2025-03-16T06:31:00.000Z');
  });
  it('a window wholly inside the gap is empty that day', () => {
    const c = cal('America/New_York', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['02:00', '02:45']] });
    expect(iso(deadline(at('2025-03-08T12:00:00Z'), business(10), c))).toBe('2025-03-16T06:10:00.000Z');
  });
  it('an ambiguous (repeated) wall time maps to its first occurrence', () => {
    // Sun 2025-11-02: 01:00 first occurs at 05:00Z (EDT); 03:00 EST = 08:00Z: the window lasts 3 real hours.
    const c = cal('America/New_York', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['01:00', '03:00']] });
    expect(iso(deadline(at('2025-11-01T12:00:00Z'), business(0), c))).toBe('2025-11-02T05:00:00.000Z');
    expect(iso(deadline(at('2025-11-01T12:00:00Z'), business(180), c))).toBe('2025-11-02T08:00:00.000Z');
    expect(iso(deadline(at('2025-11-01T12:00:00Z'), business(150), c))).toBe('2025-11-02T07:30:00.000Z');
  });
  it('a window closing at an ambiguous time closes at its first occurrence', () => {
    const c = cal('America/New_York', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['00:00', '01:30']] });
    // 00:00 EDT = 04:00Z, first 01:30 = 05:30Z (EDT): 90 minutes.
    expect(iso(deadline(at('2025-11-01T12:00:00Z'), nbd, c))).toBe('2025-11-02T05:30:00.000Z');
  });
});

describe('DST in Europe/Berlin', () => {
  const BER = cal('Europe/Berlin');
  it('spring forward (2025-03-30): Fri 16:00 CET + 240 → Mon 12:00 CEST', () => {
    expect(iso(deadline(at('2025-03-28T15:00:00Z'), business(240), BER))).toBe('2025-03-31T10:00:00.000Z');
  });
  it('fall back (2025-10-26): Fri 16:00 CEST + 240 → Mon 12:00 CET', () => {
    expect(iso(deadline(at('2025-10-24T14:00:00Z'), business(240), BER))).toBe('2025-10-27T11:00:00.000Z');
  });
  it('nextBusinessDay across the change', () => {
    expect(iso(deadline(at('2025-03-28T09:00:00Z'), nbd, BER))).toBe('2025-03-31T15:00:00.000Z');
  });
  it('a weekend 24×7 calendar counts the 23-hour Sunday as 1380 minutes', () => {
    const weekend = cal('Europe/Berlin', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [['00:00', '24:00']] });
    // Sun 2025-03-30 00:00 CET = Sat 23:00Z; Mon 00:00 CEST = Sun 22:00Z.
    expect(iso(deadline(at('2025-03-29T12:00:00Z'), business(1380), weekend))).toBe('2025-03-30T22:00:00.000Z');
    expect(iso(deadline(at('2025-03-29T12:00:00Z'), business(1381), weekend))).toBe('2025-04-05T22:01:00.000Z');
  });
});

describe('other zones', () => {
  it('Asia/Kolkata (UTC+05:30): Mon 16:45 IST + 60 → Tue 09:45 IST', () => {
    const IN = cal('Asia/Kolkata');
    expect(iso(deadline(at('2025-06-09T11:15:00Z'), business(60), IN))).toBe('2025-06-10T04:15:00.000Z');
    expect(iso(deadline(at('2025-06-09T11:15:00Z'), nbd, IN))).toBe('2025-06-10T11:30:00.000Z');
  });
  it('Asia/Kathmandu (UTC+05:45)', () => {
    const NP = cal('Asia/Kathmandu');
    // Mon 09:00 NPT = 03:15Z; + 30 → 03:45Z.
    expect(iso(deadline(at('2025-06-09T00:00:00Z'), business(30), NP))).toBe('2025-06-09T03:45:00.000Z');
  });
  it('Australia/Sydney, DST ends (2025-04-06): Fri 16:00 AEDT + 120 → Mon 10:00 AEST', () => {
    const SYD = cal('Australia/Sydney');
    expect(iso(deadline(at('2025-04-04T05:00:00Z'), business(120), SYD))).toBe('2025-04-07T00:00:00.000Z');
  });
  it('Australia/Sydney, DST starts (2025-10-05) and a Labour Day holiday: → Tue 10:00 AEDT', () => {
    const SYD = cal('Australia/Sydney', weekdays([['09:00', '17:00']]), ['2025-10-06']);
    expect(iso(deadline(at('2025-10-03T06:00:00Z'), business(120), SYD))).toBe('2025-10-06T23:00:00.000Z');
    const noHoliday = cal('Australia/Sydney');
    expect(iso(deadline(at('2025-10-03T06:00:00Z'), business(120), noHoliday))).toBe('2025-10-05T23:00:00.000Z');
  });
  it('Pacific/Auckland, far east of UTC: the local date is a day ahead', () => {
    const AKL = cal('Pacific/Auckland');
    // 2025-06-09T22:00Z is Tue 10:00 NZST; nextBusinessDay → Wed 17:00 NZST = 05:00Z.
    expect(iso(deadline(at('2025-06-09T22:00:00Z'), nbd, AKL))).toBe('2025-06-11T05:00:00.000Z');
  });
});

describe('errors and termination', () => {
  const none = cal('UTC', { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] });
  it('a calendar without any window throws a clear error for business targets', () => {
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), none)).toThrow(/no opening windows/);
    expect(() => deadline(at('2025-06-09T10:00:00Z'), nbd, none)).toThrow(/no opening windows/);
  });
  it('an unknown time zone throws', () => {
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), cal('Mars/Olympus'))).toThrow(/not a valid IANA time zone/);
  });
  it('bad windows and holidays throw', () => {
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), cal('UTC', weekdays([['17:00', '09:00']])))).toThrow(/closes/);
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), cal('UTC', weekdays([['9h00', '17:00']])))).toThrow(/HH:MM/);
    // A one-digit hour is tolerated.
    expect(deadline(at('2025-06-09T10:00:00Z'), business(60), cal('UTC', weekdays([['9:00', '17:00']]))).toISOString()).toBe('2025-06-09T11:00:00.000Z');
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), cal('UTC', undefined, ['2025-02-30'])).getTime()).toThrow(/holiday/);
  });
  it('negative, NaN and infinite targets throw', () => {
    for (const m of [-1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => deadline(at('2025-06-09T10:00:00Z'), business(m), UTC)).toThrow(/minutes/);
      expect(() => deadline(at('2025-06-09T10:00:00Z'), elapsed(m), UTC)).toThrow(/minutes/);
    }
  });
  it('an invalid start or pause date throws', () => {
    expect(() => deadline(new Date('nope'), business(60), UTC)).toThrow(/valid Date/);
    expect(() => deadline(at('2025-06-09T10:00:00Z'), business(60), UTC, [{ from: new Date('x'), to: at('2025-06-09T11:00:00Z') }])).toThrow(
      /valid Date/,
    );
  });
  it('an unknown target kind throws', () => {
    expect(() => deadline(at('2025-06-09T10:00:00Z'), { kind: 'weekly' } as unknown as Target, UTC)).toThrow(/kind/);
  });
  it('a calendar open only on holidays still terminates (it is just far away)', () => {
    const mondays = cal('UTC', { mon: [['09:00', '10:00']], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, [
      '2025-06-09',
      '2025-06-16',
      '2025-06-23',
    ]);
    expect(iso(deadline(at('2025-06-08T10:00:00Z'), business(60), mondays))).toBe('2025-06-30T10:00:00.000Z');
  });
  it('the calendar object may be mutated between calls (no stale cache)', () => {
    const c = cal('UTC');
    expect(iso(deadline(at('2025-06-09T16:00:00Z'), business(120), c))).toBe('2025-06-10T10:00:00.000Z');
    c.holidays.push('2025-06-10');
    expect(iso(deadline(at('2025-06-09T16:00:00Z'), business(120), c))).toBe('2025-06-11T10:00:00.000Z');
    c.week.wed = [['12:00', '13:00']];
    // Mon 16–17 (60), Tue holiday, Wed 12–13 (60).
    expect(iso(deadline(at('2025-06-09T16:00:00Z'), business(120), c))).toBe('2025-06-11T13:00:00.000Z');
  });
  it('does not mutate its arguments', () => {
    const c = cal('America/New_York', weekdays([['13:00', '17:00'], ['09:00', '12:00']]), ['2025-07-04']);
    const snapshot = JSON.stringify(c);
    const pauses = [
      { from: at('2025-06-10T15:00:00Z'), to: at('2025-06-10T16:00:00Z') },
      { from: at('2025-06-10T14:00:00Z'), to: at('2025-06-10T15:30:00Z') },
    ];
    const pSnap = JSON.stringify(pauses);
    deadline(at('2025-06-10T13:00:00Z'), business(300), c, pauses);
    expect(JSON.stringify(c)).toBe(snapshot);
    expect(JSON.stringify(pauses)).toBe(pSnap);
  });
});

// ---------------------------------------------------------------------------------------------
// Cross-check against a brute-force reference that walks minute by minute using Intl directly.
// Windows stay clear of the 01:00–03:00 DST hours so the gap / ambiguity rules don't apply.

const refFormats = new Map<string, Intl.DateTimeFormat>();
function refLocal(t: number, timeZone: string) {
  let fmt = refFormats.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    weekday: 'short',
    });
    refFormats.set(timeZone, fmt);
  }
  const parts = fmt.formatToParts(t);
  const get = (type: string) => parts.find((p) => p.type === type)!.value;
  return {
    date: `${get('year')}-${get('month')}-${get('day')}`,
    weekday: get('weekday').toLowerCase().slice(0, 3) as keyof Week,
    minutes: (Number(get('hour')) % 24) * 60 + Number(get('minute')),
  };
}
function refOpen(t: number, c: BusinessCalendar): boolean {
  const l = refLocal(t, c.timeZone);
  if (c.holidays.includes(l.date)) return false;
  return c.week[l.weekday].some(([o, cl]) => {
    const toMin = (s: string) => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));
    return l.minutes >= toMin(o) && l.minutes < toMin(cl);
  });
}
function refBusinessDeadline(start: number, minutes: number, c: BusinessCalendar): number {
  // Minute-aligned start; each open minute [t, t+1) counts.
  let t = start;
  let left = minutes;
  if (left === 0) {
    while (!refOpen(t, c)) t += 60_000;
    return t;
  }
  for (;;) {
    if (refOpen(t, c)) {
      left--;
      if (left === 0) return t + 60_000;
    }
    t += 60_000;
  }
}

function lcg(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('cross-check against a minute-by-minute reference', () => {
  const calendars: BusinessCalendar[] = [
    NY,
    cal('Europe/Berlin', weekdays([['08:00', '12:00'], ['13:00', '17:30']]), ['2025-04-18', '2025-04-21', '2025-10-03']),
    cal('Australia/Sydney', weekdays([['09:00', '17:00']]), ['2025-04-07']),
    cal('Asia/Kolkata', { ...weekdays([['09:30', '18:00']]), sat: [['10:00', '14:00']] }, ['2025-10-02']),
    cal('America/Sao_Paulo', weekdays([['09:00', '18:00']]), []),
  ];
  // Starts spread over DST weeks of the northern and southern hemispheres.
  const anchors = ['2025-03-06T00:00:00Z', '2025-03-27T00:00:00Z', '2025-04-03T00:00:00Z', '2025-10-02T00:00:00Z', '2025-10-23T00:00:00Z', '2025-10-30T00:00:00Z'];
  const rnd = lcg(42);
  for (const c of calendars) {
    it(`${c.timeZone}: random starts and targets agree`, () => {
      for (let i = 0; i < 25; i++) {
        const anchor = Date.parse(anchors[Math.floor(rnd() * anchors.length)]);
        const start = anchor + Math.floor(rnd() * 6 * 24 * 60) * 60_000;
        const minutes = [0, 1, 30, 240, 480, 1000, 2400][Math.floor(rnd() * 7)];
        const got = deadline(new Date(start), business(minutes), c).getTime();
        const want = refBusinessDeadline(start, minutes, c);
        expect(new Date(got).toISOString(), `start ${new Date(start).toISOString()} + ${minutes}`).toBe(new Date(want).toISOString());
        if (minutes > 0) expect(businessMinutesBetween(new Date(start), new Date(got), c)).toBe(minutes);
      }
    });
  }
});

describe('cross-check with pauses against the reference', () => {
  function refWithPauses(start: number, minutes: number, c: BusinessCalendar, pauses: [number, number][]): number {
    const running = (t: number) => refOpen(t, c) && !pauses.some(([f, to]) => t >= f && t < to);
    let t = start;
    let left = minutes;
    if (left === 0) {
      while (!running(t)) t += 60_000;
      return t;
    }
    for (;;) {
      if (running(t)) {
        left--;
        if (left === 0) return t + 60_000;
      }
      t += 60_000;
    }
  }
  it('random pauses (overlapping, unsorted, some before the start) on a split-day New York calendar', () => {
    const c = cal('America/New_York', weekdays([['09:00', '12:00'], ['13:00', '17:00']]), ['2025-11-11']);
    const rnd = lcg(7);
    const anchor = Date.parse('2025-10-30T00:00:00Z');
    for (let i = 0; i < 30; i++) {
      const start = anchor + Math.floor(rnd() * 5 * 24 * 60) * 60_000;
      const pauses: [number, number][] = [];
      for (let k = Math.floor(rnd() * 4); k > 0; k--) {
        const f = start + Math.floor((rnd() - 0.2) * 4 * 24 * 60) * 60_000;
        pauses.push([f, f + Math.floor(rnd() * 20 * 60) * 60_000]);
      }
      const minutes = [0, 45, 420, 900][Math.floor(rnd() * 4)];
      const p = pauses.map(([f, t]) => ({ from: new Date(f), to: new Date(t) }));
      const got = deadline(new Date(start), business(minutes), c, p).toISOString();
      const want = new Date(refWithPauses(start, minutes, c, pauses.map(([f, t]) => [Math.max(f, start), t] as [number, number]))).toISOString();
      expect(got, `start ${new Date(start).toISOString()} + ${minutes}, pauses ${JSON.stringify(p)}`).toBe(want);
      // nextBusinessDay with pauses = business target of (business minutes to that close).
      const close = deadline(new Date(start), nbd, c);
      const m = businessMinutesBetween(new Date(start), close, c);
      expect(deadline(new Date(start), nbd, c, p).toISOString()).toBe(deadline(new Date(start), business(m), c, p).toISOString());
    }
  });
});
