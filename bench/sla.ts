// Server-side time of the data behind /board, /reports/sla (one year) and /reports/weekly, on a
// database of 100k tickets over two years and of 1M over five (seeded by bench/seed-tickets.ts
// when missing), on SQLite and on PostgreSQL. Targets: 300 ms, 500 ms, 300 ms on both backends.
//
//   npx tsx bench/sla.ts [--tickets 100000,1000000] [--backend sqlite|pg|both]
//
// PostgreSQL: BENCH_PG_URL (default postgres://x400:x400@127.0.0.1:5432/x400) names a server
// where databases x400_bench_100k / x400_bench_1m are created when missing; skipped, saying so,
// when nothing answers there. Each backend × size runs in its own process (the schema module
// picks its dialect from X400_DATABASE_URL at import).
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname ?? '.', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const TARGETS = { board: 300, sla: 500, weekly: 300 };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function time(label: string, target: number, fn: () => Promise<unknown>): Promise<void> {
  await fn(); // warm-up (first call compiles calendars, warms the page cache)
  const ms: number[] = [];
  const cpu: number[] = [];
  let size = '';
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const out = await fn();
    ms.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
    size = describe(out);
  }
  const m = median(ms);
  // CPU time of this process beside wall time: on PostgreSQL part of the work is the server's.
  console.log(`    ${label.padEnd(36)} median ${m.toFixed(1).padStart(7)} ms wall, ${median(cpu).toFixed(1).padStart(7)} ms CPU here  (min ${Math.min(...ms).toFixed(1)}, max ${Math.max(...ms).toFixed(1)})  target ${target} ms  ${m <= target ? 'OK' : 'OVER'}   ${size}`);
}

function describe(out: unknown): string {
  const o = out as Record<string, unknown>;
  if (o && 'columns' in o) return `${(o.totals as { tickets: number }).tickets} open tickets`;
  if (o && 'rows' in o && 'breaches' in o) return `${(o.rows as unknown[]).length} week×severity rows, ${(o.breaches as unknown[]).length} breaches`;
  if (o && 'isoWeek' in o) return `week ${o.isoWeek}`;
  return '';
}

/** One backend × size, in this process. */
async function child(count: number): Promise<void> {
  const { buildBoard } = await import('../lib/escalation/board');
  const { addDays, localToday, weekOf } = await import('../lib/reports/range');
  const { buildSlaReport } = await import('../lib/reports/sla');
  const { buildWeeklyReport } = await import('../lib/reports/weekly');
  const { getSlaPolicy } = await import('../lib/settings');
  const { closeDatabase } = await import('../db/client');
  const { benchTarget, countTickets, openBenchDb, seedTickets } = await import('./seed-tickets');
  const db = await openBenchDb(count);
  const n = await countTickets(db);
  if (n < count) {
    console.log(`    seeding ${(count - n).toLocaleString('en-US')} tickets into ${benchTarget(count).replace(/\/\/[^@/]*@/, '//')} ...`);
    const r = await seedTickets(db, { count: count - n });
    console.log(`    seeded in ${(r.ms / 1000).toFixed(1)} s`);
  }
  console.log(`    load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs; ${(await countTickets(db)).toLocaleString('en-US')} tickets`);
  const now = new Date();
  const today = localToday((await getSlaPolicy(db)).calendar, now);
  const year = { from: addDays(today, -364), to: today };
  const lastWeek = weekOf(addDays(today, -7)).weekStart;
  await time('/board  buildBoard', TARGETS.board, () => buildBoard(db, now));
  await time('/reports/sla  buildSlaReport (1 y)', TARGETS.sla, () => buildSlaReport(db, year, now));
  await time('/reports/weekly  buildWeeklyReport', TARGETS.weekly, () => buildWeeklyReport(db, lastWeek, now));
  await closeDatabase(db);
}

async function pgDatabase(base: string, name: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
  } catch (error) {
    console.log(`  PostgreSQL skipped: nothing answers at ${base.replace(/\/\/[^@/]*@/, '//')} (${(error as { code?: string }).code ?? String(error)})`);
    return null;
  }
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function benchSla(): Promise<void> {
  const args = process.argv.slice(2);
  const opt = (name: string, fallback: string) => (args.includes(name) ? args[args.indexOf(name) + 1]! : fallback);
  const sizes = opt('--tickets', process.env.BENCH_TICKETS ?? '100000,1000000').split(',').map(Number);
  const backend = opt('--backend', process.env.BENCH_BACKEND ?? 'both');
  const base = process.env.BENCH_PG_URL ?? 'postgres://x400:x400@127.0.0.1:5432/x400';
  for (const count of sizes) {
    const label = count >= 1_000_000 ? `${count / 1_000_000}m` : `${count / 1000}k`;
    for (const which of backend === 'both' ? ['sqlite', 'pg'] : [backend]) {
      const env: NodeJS.ProcessEnv = { ...process.env, X400_APP_ROOT: ROOT };
      delete env.X400_DATABASE_URL;
      if (which === 'pg') {
        const url = await pgDatabase(base, `x400_bench_${label}`);
        if (!url) continue;
        env.X400_DATABASE_URL = url;
      }
      console.log(`  ${which === 'pg' ? 'PostgreSQL' : 'SQLite'}, ${count.toLocaleString('en-US')} tickets`);
      execFileSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'bench/sla.ts'), '--child', String(count)], { cwd: ROOT, env, stdio: 'inherit' });
    }
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--child');
  if (i >= 0) await child(Number(process.argv[i + 1]));
  else await benchSla();
  process.exit(0);
}
