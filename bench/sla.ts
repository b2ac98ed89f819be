// Server-side time of the data behind /board, /reports/sla (one year) and /reports/weekly, on a
// database of 100k tickets over two years (seeded by bench/seed-tickets.ts when missing).
// Targets: 300 ms, 500 ms, 300 ms. With BENCH_URL and BENCH_TOKEN (a personal API token of a lead)
// it also times GET /api/board and the CSV / Markdown exports of a running server.
//
//   npx tsx bench/sla.ts        (X400_DATA_DIR picks the database folder; default bench/.out/sla-data)
import { buildBoard } from '../lib/escalation/board';
import { addDays, localToday, weekOf } from '../lib/reports/range';
import { buildSlaReport } from '../lib/reports/sla';
import { buildWeeklyReport } from '../lib/reports/weekly';
import { getSlaPolicy } from '../lib/settings';
import { benchDataDir, openBenchDb, seedTickets } from './seed-tickets';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function time(label: string, target: number, fn: () => unknown): void {
  fn(); // warm-up (first call compiles calendars, warms SQLite's page cache)
  const ms: number[] = [];
  const cpu: number[] = [];
  let size = '';
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    size = describe(out);
  }
  const m = median(ms);
  // CPU time is printed beside wall time: on a shared, loaded machine it is the steadier figure.
  console.log(`  ${label.padEnd(34)} median ${m.toFixed(1).padStart(7)} ms wall, ${median(cpu).toFixed(1).padStart(7)} ms CPU  (wall min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)})  target ${target} ms  ${m <= target ? 'OK' : 'OVER'}   ${size}`);
}

function describe(out: unknown): string {
  const o = out as Record<string, unknown>;
  if (o && 'columns' in o) return `${(o.totals as { tickets: number }).tickets} open tickets`;
  if (o && 'rows' in o && 'breaches' in o) return `${(o.rows as unknown[]).length} week×severity rows, ${(o.breaches as unknown[]).length} breaches`;
  if (o && 'isoWeek' in o) return `week ${o.isoWeek}`;
  return '';
}

async function timeHttp(label: string, url: string, token: string): Promise<void> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS + 1; i++) {
    const t0 = performance.now();
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (i > 0) ms.push(performance.now() - t0);
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  }
  console.log(`  HTTP ${label.padEnd(29)} median ${median(ms).toFixed(1).padStart(7)} ms`);
}

export async function benchSla(): Promise<void> {
  const db = openBenchDb();
  const n = (db.$client.prepare('select count(*) as n from tickets').get() as { n: number }).n;
  if (n < 100_000) {
    console.log(`  seeding ${100_000 - n} tickets into ${benchDataDir()} ...`);
    const r = seedTickets(db, { count: 100_000 - n });
    console.log(`  seeded in ${(r.ms / 1000).toFixed(1)} s`);
  }
  console.log(`  load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} CPUs`);
  const total = (db.$client.prepare('select count(*) as n from tickets').get() as { n: number }).n;
  console.log(`  database: ${benchDataDir()} (${total.toLocaleString('en-US')} tickets)`);
  const now = new Date();
  const today = localToday((await getSlaPolicy(db)).calendar, now);
  const year = { from: addDays(today, -364), to: today };
  const lastWeek = weekOf(addDays(today, -7)).weekStart;
  time('/board  buildBoard', 300, () => buildBoard(db, now));
  time('/reports/sla  buildSlaReport (1 y)', 500, () => buildSlaReport(db, year, now));
  time('/reports/weekly  buildWeeklyReport', 300, () => buildWeeklyReport(db, lastWeek, now));
  const base = process.env.BENCH_URL;
  const token = process.env.BENCH_TOKEN;
  if (base && token) {
    await timeHttp('/api/board', `${base}/api/board`, token);
    await timeHttp('/api/reports/sla (1 y CSV)', `${base}/api/reports/sla?from=${year.from}&to=${year.to}`, token);
    await timeHttp('/api/reports/weekly (md)', `${base}/api/reports/weekly?week=${lastWeek}`, token);
  }
  db.$client.close();
}

if (import.meta.url === `file://${process.argv[1]}`) await benchSla();
