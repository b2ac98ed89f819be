import { describe, expect, it } from 'vitest';
import { deadline, type BusinessCalendar, type Target } from '@/lib/sla';
import { explainDeadline, formatDuration } from '@/lib/sla/explain';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: ['2025-05-26', '2025-07-04', '2025-11-27'],
};
const ny = (local: string) => new Date(`${local}:00-04:00`);

describe('formatDuration', () => {
  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [59.6, '1 h'],
    [60, '1 h'],
    [125, '2 h 5 m'],
    [1440, '1 d'],
    [1565, '1 d 2 h 5 m'],
    [2 * 1440 + 5, '2 d 5 m'],
    [-90, '-1 h 30 m'],
    [-20, '-20 min'],
  ])('%d → %s', (m, s) => {
    expect(formatDuration(m)).toBe(s);
  });
  it('counts business days of 480 minutes on request', () => {
    expect(formatDuration(2400, { dayMinutes: 480 })).toBe('5 d');
    expect(formatDuration(510, { dayMinutes: 480 })).toBe('1 d 30 m');
  });
});

describe('explainDeadline', () => {
  it('example 2: Fri 16:30 + 240 business → windows consumed and the weekend skipped', () => {
    const e = explainDeadline(ny('2025-06-13T16:30'), { kind: 'business', minutes: 240 }, NY);
    expect(e.deadline).toEqual(ny('2025-06-16T12:30'));
    expect(e.steps).toEqual([
      {
        kind: 'window',
        localDate: '2025-06-13',
        weekday: 'fri',
        localOpen: '09:00',
        localClose: '17:00',
        openUtc: ny('2025-06-13T09:00'),
        closeUtc: ny('2025-06-13T17:00'),
        fromUtc: ny('2025-06-13T16:30'),
        toUtc: ny('2025-06-13T17:00'),
        minutes: 30,
        pausedMinutes: 0,
      },
      { kind: 'closed', localDate: '2025-06-14', weekday: 'sat' },
      { kind: 'closed', localDate: '2025-06-15', weekday: 'sun' },
      {
        kind: 'window',
        localDate: '2025-06-16',
        weekday: 'mon',
        localOpen: '09:00',
        localClose: '17:00',
        openUtc: ny('2025-06-16T09:00'),
        closeUtc: ny('2025-06-16T17:00'),
        fromUtc: ny('2025-06-16T09:00'),
        toUtc: ny('2025-06-16T12:30'),
        minutes: 210,
        pausedMinutes: 0,
      },
    ]);
    // Fri 16:30 → Mon 12:30 is 2 days 20 hours of wall time.
    expect(e.totals).toEqual({ businessMinutes: 240, wallMinutes: 68 * 60, pausedMinutes: 0, holidaysSkipped: 0, closedDaysSkipped: 2 });
    expect(e.targetBusinessMinutes).toBe(240);
    expect(e.lines.at(-1)).toContain('4 h business time');
    expect(e.lines.at(-1)).toContain('2 d 20 h wall time');
  });

  it('example 5: next business day skips the holiday and the weekend', () => {
    const e = explainDeadline(ny('2025-07-03T14:00'), { kind: 'nextBusinessDay' }, NY);
    expect(e.deadline).toEqual(ny('2025-07-07T17:00'));
    expect(e.nextBusinessDay).toEqual({ localDate: '2025-07-07', closeUtc: ny('2025-07-07T17:00'), localClose: '17:00' });
    expect(e.steps.map((s) => s.kind)).toEqual(['window', 'holiday', 'closed', 'closed', 'window']);
    // Thu 14:00–17:00 (180) + Mon 09:00–17:00 (480).
    expect(e.targetBusinessMinutes).toBe(660);
    expect(e.totals.businessMinutes).toBe(660);
    expect(e.totals.holidaysSkipped).toBe(1);
    expect(e.totals.closedDaysSkipped).toBe(2);
    expect(e.lines.join('\n')).toMatch(/2025-07-04: holiday, skipped/);
  });

  it('example 8: the pause shows in the windows and in the pauses list', () => {
    const pauses = [{ from: ny('2025-06-10T11:00'), to: ny('2025-06-11T10:00') }];
    const e = explainDeadline(ny('2025-06-10T10:00'), { kind: 'business', minutes: 480 }, NY, pauses);
    expect(e.deadline).toEqual(ny('2025-06-11T17:00'));
    const windows = e.steps.filter((s) => s.kind === 'window');
    expect(windows.map((w) => [w.localDate, w.minutes, w.pausedMinutes])).toEqual([
      ['2025-06-10', 60, 360],
      ['2025-06-11', 420, 60],
    ]);
    // Tue 11:00–17:00 (360) + Wed 09:00–10:00 (60) of business time did not count.
    expect(e.pauses).toEqual([{ from: ny('2025-06-10T11:00'), to: ny('2025-06-11T10:00'), minutesAdded: 420 }]);
    expect(e.totals.pausedMinutes).toBe(420);
    expect(e.totals.businessMinutes).toBe(480);
  });

  it('elapsed: running spans and pauses', () => {
    const pauses = [{ from: new Date('2025-06-10T10:15:00Z'), to: new Date('2025-06-10T10:45:00Z') }];
    const e = explainDeadline(new Date('2025-06-10T10:00:00Z'), { kind: 'elapsed', minutes: 60 }, NY, pauses);
    expect(e.deadline.toISOString()).toBe('2025-06-10T11:30:00.000Z');
    expect(e.steps).toEqual([
      { kind: 'running', fromUtc: new Date('2025-06-10T10:00:00Z'), toUtc: new Date('2025-06-10T10:15:00Z'), minutes: 15 },
      { kind: 'pause', fromUtc: new Date('2025-06-10T10:15:00Z'), toUtc: new Date('2025-06-10T10:45:00Z'), minutesAdded: 30 },
      { kind: 'running', fromUtc: new Date('2025-06-10T10:45:00Z'), toUtc: new Date('2025-06-10T11:30:00.000Z'), minutes: 45 },
    ]);
    expect(e.targetElapsedMinutes).toBe(60);
    expect(e.totals.wallMinutes).toBe(90);
    expect(e.totals.pausedMinutes).toBe(30);
  });

  it('DST: the window opening in the gap is shown at its real local time', () => {
    const cal: BusinessCalendar = { timeZone: 'America/New_York', week: { ...NY.week, sun: [['02:30', '04:00']] }, holidays: [] };
    const e = explainDeadline(new Date('2025-03-08T12:00:00Z'), { kind: 'business', minutes: 30 }, cal);
    const w = e.steps.find((s) => s.kind === 'window');
    expect(w).toMatchObject({ localDate: '2025-03-09', localOpen: '03:00', localClose: '04:00', minutes: 30 });
  });

  it('a 24:00 close is shown as 24:00', () => {
    const evening: [string, string][] = [['18:00', '24:00']];
    const cal: BusinessCalendar = { timeZone: 'UTC', week: { mon: evening, tue: evening, wed: [], thu: [], fri: [], sat: [], sun: [] }, holidays: [] };
    const e = explainDeadline(new Date('2025-06-09T20:00:00Z'), { kind: 'business', minutes: 240 }, cal);
    expect(e.steps).toHaveLength(1);
    expect(e.steps[0]).toMatchObject({ localOpen: '18:00', localClose: '24:00', minutes: 240 });
  });

  it('always agrees with deadline() and sums its windows to the target', () => {
    const targets: Target[] = [
      { kind: 'business', minutes: 1 },
      { kind: 'business', minutes: 480 },
      { kind: 'business', minutes: 2400 },
      { kind: 'nextBusinessDay' },
    ];
    const pauses = [{ from: ny('2025-07-02T12:00'), to: ny('2025-07-03T10:00') }];
    for (let h = 0; h < 24 * 7; h += 5) {
      const start = new Date(ny('2025-06-30T00:00').getTime() + h * 3_600_000);
      for (const t of targets) {
        const e = explainDeadline(start, t, NY, pauses);
        expect(e.deadline).toEqual(deadline(start, t, NY, pauses));
        const sum = e.steps.reduce((acc, s) => acc + (s.kind === 'window' ? s.minutes : 0), 0);
        expect(sum).toBeCloseTo(e.targetBusinessMinutes!, 9);
      }
    }
  });
});
