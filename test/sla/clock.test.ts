import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@/lib/sla';
import { closePauses, slaClock, slaLevel } from '@/lib/sla/clock';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: ['2025-07-04'],
};
const ny = (local: string) => new Date(`${local}:00-04:00`);
const oneBusinessDay = { kind: 'business', minutes: 480 } as const;

describe('slaLevel (Jira thresholds)', () => {
  it.each([
    [61, false, 'ok'],
    [60, false, 'ok'],
    [59, false, 'warn'],
    [30, false, 'warn'],
    [29.9, false, 'danger'],
    [0, false, 'danger'],
    [120, true, 'breached'],
  ] as const)('%d min, breached %s → %s', (m, b, level) => {
    expect(slaLevel(m, b)).toBe(level);
  });
});

describe('slaClock', () => {
  const start = ny('2025-06-11T10:00'); // Wed; deadline Thu 10:00
  const base = { startedAt: start, stoppedAt: null, target: oneBusinessDay, calendar: NY, pauses: [] };

  it('running, more than an hour left', () => {
    const c = slaClock({ ...base, now: ny('2025-06-11T12:00') });
    expect(c).toEqual({
      deadline: ny('2025-06-12T10:00'),
      state: 'running',
      remainingMinutes: 360,
      remainingMs: 22 * 3_600_000,
      breached: false,
      level: 'ok',
      unit: 'business',
      paused: false,
    });
  });
  it('warn below an hour, danger below 30 minutes', () => {
    expect(slaClock({ ...base, now: ny('2025-06-12T09:15') })).toMatchObject({ remainingMinutes: 45, level: 'warn' });
    expect(slaClock({ ...base, now: ny('2025-06-12T09:30') })).toMatchObject({ remainingMinutes: 30, level: 'warn' });
    expect(slaClock({ ...base, now: ny('2025-06-12T09:40') })).toMatchObject({ remainingMinutes: 20, level: 'danger' });
  });
  it('remaining business minutes do not count the night (Wed 16:30 → 30 + 60)', () => {
    const c = slaClock({ ...base, now: ny('2025-06-11T16:30') });
    expect(c.remainingMinutes).toBe(90);
    expect(c.remainingMs).toBe(17.5 * 3_600_000);
    expect(c.level).toBe('ok');
  });
  it('exactly at the deadline, still running: not breached yet', () => {
    const c = slaClock({ ...base, now: ny('2025-06-12T10:00') });
    expect(c).toMatchObject({ state: 'running', breached: false, remainingMinutes: 0, remainingMs: 0, level: 'danger' });
  });
  it('running past the deadline is breached, with negative remaining', () => {
    const c = slaClock({ ...base, now: ny('2025-06-12T11:00') });
    expect(c).toMatchObject({ state: 'breached', breached: true, remainingMinutes: -60, remainingMs: -3_600_000, level: 'breached' });
  });
  it('stopped before (or at) the deadline is met', () => {
    expect(slaClock({ ...base, stoppedAt: ny('2025-06-12T09:59'), now: ny('2025-06-20T00:00') })).toMatchObject({
      state: 'met',
      breached: false,
      remainingMinutes: 1,
      level: 'ok',
    });
    expect(slaClock({ ...base, stoppedAt: ny('2025-06-12T10:00'), now: ny('2025-06-20T00:00') })).toMatchObject({ state: 'met', breached: false });
  });
  it('stopped after the deadline is breached', () => {
    const c = slaClock({ ...base, stoppedAt: ny('2025-06-12T10:30'), now: ny('2025-06-20T00:00') });
    expect(c).toMatchObject({ state: 'breached', breached: true, remainingMinutes: -30, remainingMs: -1_800_000, level: 'breached' });
  });
  it('overdue counts business minutes (Thu 10:00 → Fri 10:00 is 480)', () => {
    expect(slaClock({ ...base, now: ny('2025-06-13T10:00') }).remainingMinutes).toBe(-480);
  });

  describe('elapsed target with a running pause', () => {
    const ack = { kind: 'elapsed', minutes: 30 } as const;
    const s = new Date('2025-06-11T10:00:00Z');
    const pauses = [{ from: new Date('2025-06-11T10:10:00Z'), to: null }];
    it('is paused, and the deadline keeps moving while remaining stays put', () => {
      const a = slaClock({ startedAt: s, stoppedAt: null, target: ack, calendar: NY, pauses, now: new Date('2025-06-11T10:50:00Z') });
      expect(a).toMatchObject({ state: 'paused', paused: true, remainingMinutes: 20, remainingMs: 20 * 60_000, unit: 'elapsed', level: 'danger' });
      expect(a.deadline.toISOString()).toBe('2025-06-11T11:10:00.000Z');
      const b = slaClock({ startedAt: s, stoppedAt: null, target: ack, calendar: NY, pauses, now: new Date('2025-06-11T12:00:00Z') });
      expect(b.deadline.toISOString()).toBe('2025-06-11T12:20:00.000Z');
      expect(b.remainingMinutes).toBe(20);
    });
    it('once the pause is closed, the clock runs again', () => {
      const closed = [{ from: new Date('2025-06-11T10:10:00Z'), to: new Date('2025-06-11T10:40:00Z') }];
      const c = slaClock({ startedAt: s, stoppedAt: null, target: ack, calendar: NY, pauses: closed, now: new Date('2025-06-11T10:50:00Z') });
      expect(c).toMatchObject({ state: 'running', paused: false, remainingMinutes: 10 });
      expect(c.deadline.toISOString()).toBe('2025-06-11T11:00:00.000Z');
    });
    it('a pause that started after the deadline does not rescue a breach', () => {
      const late = [{ from: new Date('2025-06-11T11:00:00Z'), to: null }];
      const c = slaClock({ startedAt: s, stoppedAt: null, target: ack, calendar: NY, pauses: late, now: new Date('2025-06-11T12:00:00Z') });
      expect(c).toMatchObject({ state: 'paused', breached: true, level: 'breached', remainingMinutes: -30 });
      expect(c.deadline.toISOString()).toBe('2025-06-11T10:30:00.000Z');
    });
    it('a clock stopped while paused uses the stop as the end of the pause', () => {
      const c = slaClock({
        startedAt: s,
        stoppedAt: new Date('2025-06-11T10:50:00Z'),
        target: ack,
        calendar: NY,
        pauses,
        now: new Date('2025-06-12T00:00:00Z'),
      });
      expect(c).toMatchObject({ state: 'met', breached: false, paused: false });
      expect(c.deadline.toISOString()).toBe('2025-06-11T11:10:00.000Z');
    });
  });

  it('business target with a running pause: remaining business minutes frozen', () => {
    const pauses = [{ from: ny('2025-06-11T11:00'), to: null }];
    const a = slaClock({ ...base, pauses, now: ny('2025-06-11T15:00') });
    // 60 min consumed before the pause; 420 left from now (Wed 15:00): Wed 15–17 (120) + Thu 09–14 (300) → Thu 14:00.
    expect(a.remainingMinutes).toBe(420);
    expect(a.deadline).toEqual(ny('2025-06-12T14:00'));
    expect(a.state).toBe('paused');
  });

  it('closePauses closes an open pause at the end and cuts at the stop', () => {
    const end = new Date('2025-06-11T12:00:00Z');
    expect(
      closePauses(
        [
          { from: new Date('2025-06-11T10:00:00Z'), to: null },
          { from: new Date('2025-06-11T13:00:00Z'), to: null },
        ],
        end,
      ),
    ).toEqual([{ from: new Date('2025-06-11T10:00:00Z'), to: end }]);
    expect(closePauses([{ from: new Date('2025-06-11T10:00:00Z'), to: new Date('2025-06-11T14:00:00Z') }], end, end)).toEqual([
      { from: new Date('2025-06-11T10:00:00Z'), to: end },
    ]);
  });
});
