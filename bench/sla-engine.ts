// Micro-benchmark of the SLA engine: `npx tsx bench/sla-engine.ts`.
// Prints deadline computations per second per target kind (warm caches, typical calendar).
import { deadline, type BusinessCalendar, type Target } from '../lib/sla/index';
import { slaReport, type SlaTicketRecord } from '../lib/sla/report';
import { DEFAULT_TARGETS } from '../lib/sla/policy';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const calendar: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: ['2025-01-01', '2025-05-26', '2025-07-04', '2025-09-01', '2025-11-27', '2025-12-25'],
};
const N = 100_000;
const base = Date.parse('2025-01-01T00:00:00Z');
const YEAR = 365 * 86_400_000;
// Pseudo-random starts spread over a year (DST changes included), minute-aligned.
const starts = Array.from({ length: N }, (_, i) => new Date(base + ((i * 7919 * 60_000) % YEAR)));
const pauses = starts.map((s) => [{ from: new Date(s.getTime() + 3_600_000), to: new Date(s.getTime() + 5 * 3_600_000) }]);

function run(label: string, target: Target, withPauses = false) {
  for (let i = 0; i < 5000; i++) deadline(starts[i], target, calendar, withPauses ? pauses[i] : undefined);
  const t0 = performance.now();
  for (let i = 0; i < N; i++) deadline(starts[i], target, calendar, withPauses ? pauses[i] : undefined);
  const ms = performance.now() - t0;
  console.log(`${label.padEnd(32)} ${N} in ${ms.toFixed(1)} ms  = ${Math.round((N / ms) * 1000).toLocaleString('en-US')} /s`);
}

run('elapsed 30', { kind: 'elapsed', minutes: 30 });
run('business 480 (1 business day)', { kind: 'business', minutes: 480 });
run('business 2400 (5 business days)', { kind: 'business', minutes: 2400 });
run('nextBusinessDay', { kind: 'nextBusinessDay' });
run('business 480 + a 4 h pause', { kind: 'business', minutes: 480 }, true);
run('nextBusinessDay + a 4 h pause', { kind: 'nextBusinessDay' }, true);

// A year of tickets through the compliance report.
const tickets: SlaTicketRecord[] = starts.map((s, i) => ({
  id: i + 1,
  severity: ((i % 3) + 1) as 1 | 2 | 3,
  createdAt: s,
  acknowledgedAt: i % 10 === 0 ? null : new Date(s.getTime() + ((i * 37) % 600) * 60_000),
  mitigatedAt: i % 4 === 0 ? null : new Date(s.getTime() + ((i * 101) % 6000) * 60_000),
  pauses: i % 7 === 0 ? [{ from: new Date(s.getTime() + 600_000), to: i % 14 === 0 ? null : new Date(s.getTime() + 7_200_000) }] : [],
}));
const t0 = performance.now();
const r = slaReport(tickets, { calendar, targets: DEFAULT_TARGETS, now: new Date(base + YEAR), range: { from: '2025-01-01', to: '2025-12-31' } });
console.log(`slaReport: ${N} tickets, ${r.rows.length} rows, ${r.breaches.length} breaches in ${(performance.now() - t0).toFixed(1)} ms`);
