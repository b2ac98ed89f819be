// What the ticket page says about a running clock (issue 9, defect 8), and what a severity change
// does to the clocks (defect 2; the rule is in lib/sla/README.md, "Severity changes").
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@/lib/sla';
import { defaultTargets } from '@/lib/sla/policy';
import { clockSpecs, clockStatus, evaluateSpec } from '@/lib/sla/ticket';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: [],
};
const ny = (local: string) => new Date(`${local}:00-04:00`);
const targets = defaultTargets();

function ticket(severity: 1 | 2 | 3, createdAt: Date, acknowledgedAt: Date | null = null) {
  return { severity, createdAt, acknowledgedAt, mitigatedAt: null };
}

describe('clockStatus', () => {
  it('a business-hours clock overnight is paused until the calendar opens, not "running"', () => {
    const specs = clockSpecs(ticket(3, ny('2025-06-16T16:00')), [], targets); // Mon 16:00, Sev-3: business clocks
    const s = clockStatus(specs.mitigate, NY, ny('2025-06-16T22:30').getTime());
    expect(s).toMatchObject({ kind: 'outside-hours', text: 'paused until Tue 09:00 (outside business hours)' });
    expect(s.resumesAt).toBe(ny('2025-06-17T09:00').getTime());
    expect(clockStatus(specs.mitigate, NY, ny('2025-06-17T10:00').getTime()).text).toBe('running');
  });

  it('over a weekend it names the Monday', () => {
    const specs = clockSpecs(ticket(3, ny('2025-06-13T16:00')), [], targets); // Fri
    expect(clockStatus(specs.mitigate, NY, ny('2025-06-14T12:00').getTime()).text).toBe('paused until Mon 09:00 (outside business hours)');
  });

  it('a breached clock says how long ago, and keeps counting', () => {
    const specs = clockSpecs(ticket(1, ny('2025-06-16T10:00')), [], targets); // Sev-1 ack: 30 min, 24×7
    const deadline = evaluateSpec(specs.ack, NY, ny('2025-06-16T10:00').getTime()).deadline.getTime();
    expect(clockStatus(specs.ack, NY, deadline + 45_000)).toEqual({ kind: 'breached', text: 'breached 45 s ago' });
    expect(clockStatus(specs.ack, NY, deadline + 3 * 3_600_000 + 5 * 60_000).text).toBe('breached 3 h 05 min ago');
  });

  it('a 24×7 clock runs at night; a customer pause and a stop say so', () => {
    const specs = clockSpecs(ticket(1, ny('2025-06-16T22:00')), [{ from: ny('2025-06-16T22:05'), to: null }], targets);
    expect(clockStatus(specs.ack, NY, ny('2025-06-16T22:10').getTime()).text).toBe('paused (waiting on the customer)');
    const running = clockSpecs(ticket(1, ny('2025-06-16T22:00')), [], targets);
    expect(clockStatus(running.ack, NY, ny('2025-06-16T22:10').getTime()).text).toBe('running');
    const stopped = clockSpecs(ticket(1, ny('2025-06-16T22:00'), ny('2025-06-16T22:10')), [], targets);
    expect(clockStatus(stopped.ack, NY, ny('2025-06-16T22:20').getTime()).kind).toBe('stopped');
  });
});

describe('severity change (README: "Severity changes")', () => {
  // Opened Mon 10:00 as Sev-3 (ack: next business day), raised to Sev-1 (ack: 30 min 24×7) at 11:00.
  const opened = ny('2025-06-16T10:00');
  const raisedAt = ny('2025-06-16T11:00').getTime();

  it('re-targets a running clock from the opening: a raise past the new target breaches at once', () => {
    const before = evaluateSpec(clockSpecs(ticket(3, opened), [], targets).ack, NY, raisedAt);
    expect(before.state).toBe('running');
    const after = evaluateSpec(clockSpecs(ticket(1, opened), [], targets).ack, NY, raisedAt);
    expect(after.deadline).toEqual(ny('2025-06-16T10:30'));
    expect(after.state).toBe('breached');
  });

  it('a lowered severity moves the deadline later; elapsed time and pauses are kept', () => {
    const pauses = [{ from: ny('2025-06-16T10:10'), to: ny('2025-06-16T10:20') }];
    const sev1 = evaluateSpec(clockSpecs(ticket(1, opened), pauses, targets).ack, NY, ny('2025-06-16T10:25').getTime());
    expect(sev1.deadline).toEqual(ny('2025-06-16T10:40'));
    const sev2 = evaluateSpec(clockSpecs(ticket(2, opened), pauses, targets).ack, NY, ny('2025-06-16T10:25').getTime());
    expect(sev2.deadline.getTime()).toBeGreaterThan(sev1.deadline.getTime());
    expect(sev2.remainingMinutes).toBeCloseTo(sev1.remainingMinutes + (sev2.deadline.getTime() - sev1.deadline.getTime()) / 60_000, 5);
  });

  it('a clock that already stopped keeps its stop; it is judged against the current severity', () => {
    const acked = ny('2025-06-16T10:45');
    expect(evaluateSpec(clockSpecs(ticket(3, opened, acked), [], targets).ack, NY, raisedAt).state).toBe('met');
    expect(evaluateSpec(clockSpecs(ticket(1, opened, acked), [], targets).ack, NY, raisedAt).state).toBe('breached');
  });
});
