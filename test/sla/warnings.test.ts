// Issue 10: breach-warning thresholds in the clock's own units, across nights, weekends and DST;
// no warning outside working hours for a business-hours clock; none while paused or breached.
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@/lib/sla';
import { defaultTargets } from '@/lib/sla/policy';
import { clockSpecs } from '@/lib/sla/ticket';
import { clockTimeMinutes, defaultWarningPolicies, dueWarnings, isWorkingTime, normalizeWarningPolicies, thresholdInstant, validateWarningPolicies } from '@/lib/sla/warnings';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: [],
};
const targets = defaultTargets();
const policy = { thresholds: [50, 80], pageAt: null };
const ticket = (severity: 1 | 2 | 3, createdAt: Date) => ({ severity, createdAt, acknowledgedAt: null, mitigatedAt: null });
const ms = (iso: string) => new Date(iso).getTime();

describe('threshold instants', () => {
  it('Sev-2 mitigate (480 business min) across a weekend and the spring-forward change', () => {
    // Fri 2025-03-07 16:00 EST; DST starts Sun 2025-03-09. 50 % = 240 business min: 60 on Friday,
    // 180 on Monday → Mon 12:00 EDT (16:00Z). 80 % = 384 min → Mon 14:24 EDT (18:24Z).
    const spec = clockSpecs(ticket(2, new Date('2025-03-07T21:00:00Z')), [], targets).mitigate;
    expect(clockTimeMinutes(new Date(spec.start), spec.target, NY)).toBe(480);
    expect(thresholdInstant(spec, NY, 50, ms('2025-03-07T21:00:00Z')).toISOString()).toBe('2025-03-10T16:00:00.000Z');
    expect(thresholdInstant(spec, NY, 80, ms('2025-03-07T21:00:00Z')).toISOString()).toBe('2025-03-10T18:24:00.000Z');
  });

  it('across a night: Mon 16:30 + 240 business min is Tue 12:30', () => {
    const spec = clockSpecs(ticket(2, new Date('2025-06-16T20:30:00Z')), [], targets).mitigate; // 16:30 EDT
    expect(thresholdInstant(spec, NY, 50, ms('2025-06-16T20:30:00Z')).toISOString()).toBe('2025-06-17T16:30:00.000Z');
  });

  it('next-business-day targets use the business minutes to that close', () => {
    // Sev-3 ack opened Mon 13:00: next business day closes Tue 17:00 → 4 h + 8 h = 720 min; 50 % → Tue 11:00.
    const spec = clockSpecs(ticket(3, new Date('2025-06-16T17:00:00Z')), [], targets).ack;
    expect(clockTimeMinutes(new Date(spec.start), spec.target, NY)).toBe(720);
    expect(thresholdInstant(spec, NY, 50, ms('2025-06-16T17:00:00Z')).toISOString()).toBe('2025-06-17T15:00:00.000Z');
  });

  it('elapsed (24×7) clocks count nights: Sev-1 ack 30 min → 15 and 24 min', () => {
    const spec = clockSpecs(ticket(1, new Date('2025-06-17T03:00:00Z')), [], targets).ack;
    expect(thresholdInstant(spec, NY, 50, ms('2025-06-17T03:00:00Z')).toISOString()).toBe('2025-06-17T03:15:00.000Z');
    expect(thresholdInstant(spec, NY, 80, ms('2025-06-17T03:00:00Z')).toISOString()).toBe('2025-06-17T03:24:00.000Z');
  });

  it('a pause pushes the threshold later by its length', () => {
    const spec = clockSpecs(ticket(1, new Date('2025-06-17T03:00:00Z')), [{ from: new Date('2025-06-17T03:05:00Z'), to: new Date('2025-06-17T03:45:00Z') }], targets).ack;
    expect(thresholdInstant(spec, NY, 50, ms('2025-06-17T04:00:00Z')).toISOString()).toBe('2025-06-17T03:55:00.000Z');
  });
});

describe('dueWarnings', () => {
  it('fires the thresholds crossed so far, in working hours only for a business clock', () => {
    const spec = clockSpecs(ticket(2, new Date('2025-03-07T21:00:00Z')), [], targets).mitigate;
    // Sat noon: 50 % not crossed yet, and the calendar is closed anyway.
    expect(dueWarnings(spec, NY, ms('2025-03-08T17:00:00Z'), policy)).toEqual([]);
    // Mon 12:30 EDT: 50 % crossed at 12:00.
    expect(dueWarnings(spec, NY, ms('2025-03-10T16:30:00Z'), policy).map((w) => w.threshold)).toEqual([50]);
    // The deadline is Mon 16:00 EDT (60 min Friday + 420 Monday): after it the clock is breached
    // and warns no more (Mon 20:00 closed, Tue 10:00 open alike).
    expect(dueWarnings(spec, NY, ms('2025-03-11T00:00:00Z'), policy)).toEqual([]);
    expect(dueWarnings(spec, NY, ms('2025-03-11T14:00:00Z'), policy)).toEqual([]);
    // Mon 14:30 EDT: both.
    const both = dueWarnings(spec, NY, ms('2025-03-10T18:30:00Z'), policy);
    expect(both.map((w) => [w.threshold, w.crossedAt.toISOString()])).toEqual([
      [50, '2025-03-10T16:00:00.000Z'],
      [80, '2025-03-10T18:24:00.000Z'],
    ]);
    expect(both[0]!.deadline.toISOString()).toBe('2025-03-10T20:00:00.000Z');
  });

  it('an overnight threshold of a business clock fires when the calendar opens', () => {
    // Sev-3 mitigate, 2400 business min from Mon 09:00: 50 % = 1200 min → Wed 13:00. Checked Wed
    // 18:00 (closed): nothing; Thu 09:00: it fires.
    const spec = clockSpecs(ticket(3, new Date('2025-06-16T13:00:00Z')), [], targets).mitigate;
    expect(dueWarnings(spec, NY, ms('2025-06-18T22:00:00Z'), policy)).toEqual([]);
    expect(dueWarnings(spec, NY, ms('2025-06-19T13:00:00Z'), policy).map((w) => w.threshold)).toEqual([50]);
    expect(isWorkingTime(NY, ms('2025-06-19T13:00:00Z'))).toBe(true);
    expect(isWorkingTime(NY, ms('2025-06-19T21:00:00Z'))).toBe(false); // 17:00 closes (half-open)
  });

  it('24×7 clocks warn at night; paused, stopped and breached clocks do not', () => {
    const created = new Date('2025-06-17T03:00:00Z');
    const spec = clockSpecs(ticket(1, created), [], targets).ack;
    expect(dueWarnings(spec, NY, ms('2025-06-17T03:20:00Z'), policy).map((w) => w.threshold)).toEqual([50]);
    const paused = clockSpecs(ticket(1, created), [{ from: new Date('2025-06-17T03:10:00Z'), to: null }], targets).ack;
    expect(dueWarnings(paused, NY, ms('2025-06-17T03:40:00Z'), policy)).toEqual([]);
    const stopped = clockSpecs({ ...ticket(1, created), acknowledgedAt: new Date('2025-06-17T03:10:00Z') }, [], targets).ack;
    expect(dueWarnings(stopped, NY, ms('2025-06-17T03:20:00Z'), policy)).toEqual([]);
    expect(dueWarnings(spec, NY, ms('2025-06-17T03:31:00Z'), policy)).toEqual([]);
  });
});

describe('warning policy settings', () => {
  it('defaults: 50 and 80 %, Sev-1 pages at 80 %', () => {
    expect(defaultWarningPolicies()[1]).toEqual({ thresholds: [50, 80], pageAt: 80 });
    expect(validateWarningPolicies(defaultWarningPolicies())).toEqual([]);
  });

  it('names what is wrong', () => {
    const bad = { ...defaultWarningPolicies(), 2: { thresholds: [0, 50, 50], pageAt: 90 } };
    expect(validateWarningPolicies(bad)).toEqual([
      'Sev-2: threshold 0 is not a whole percentage between 1 and 99.',
      'Sev-2: a threshold is listed twice.',
      'Sev-2: the paging level (90 %) must be one of its thresholds (0, 50, 50).',
    ]);
    expect(normalizeWarningPolicies(bad)).toBeNull();
    expect(normalizeWarningPolicies({ ...defaultWarningPolicies(), 3: { thresholds: [90, 25], pageAt: null } })![3].thresholds).toEqual([25, 90]);
  });
});
