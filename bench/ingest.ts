// Ingest benchmark: the console's path for a bundle (upload check, encrypt and store, consent,
// parse with the span tree laid out, timeline skeleton built), per reference size, on SQLite and
// on PostgreSQL, each in a child process so peak RSS is that of the ingest alone.
// Target (issue 14): on PostgreSQL, 1M spans within 2× of the SQLite figure.
//
//   npx tsx bench/ingest.ts            (BENCH_SPANS=100000,1000000  BENCH_BACKEND=sqlite|pg|both)
//
// PostgreSQL: a fresh database x400_bench_ingest_<n> per run on BENCH_PG_URL's server (default
// postgres://x400:x400@127.0.0.1:5432/x400), dropped afterwards; skipped, saying so, when nothing
// answers there.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { ensureBundle } from './inspect';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const SIZES = (process.env.BENCH_SPANS ?? '100000,1000000').split(',').map(Number);

export interface IngestResult { store: number; parse: number; maxRssKb: number; spans: number }

/** Store + consent + parse of `file` in a child process: SQLite under `dataDir`, or `databaseUrl`. */
export function ingestInChild(file: string, dataDir: string, databaseUrl?: string): IngestResult {
  const script = `
    const path = await import('node:path');
    const { openMigratedDatabase, closeDatabase } = await import(${JSON.stringify(join(ROOT, 'db/client.ts'))});
    const { createUser, SYSTEM_ACTOR } = await import(${JSON.stringify(join(ROOT, 'lib/auth/accounts.ts'))});
    const { createTicket } = await import(${JSON.stringify(join(ROOT, 'lib/tickets/service.ts'))});
    const { ingestBundleFile, confirmConsent, parseBundle } = await import(${JSON.stringify(join(ROOT, 'lib/ingest/service.ts'))});
    const dataDir = ${JSON.stringify(dataDir)};
    const db = await openMigratedDatabase(process.env.X400_DATABASE_URL || path.join(dataDir, 'x400-support.sqlite'), ${JSON.stringify(ROOT)});
    const { user } = await createUser(db, { email: 'bench@x.test', role: 'engineer', password: 'bench-password-1' }, SYSTEM_ACTOR);
    const ticket = await createTicket(db, user, { customerName: 'Bench', customerContact: 'c', severity: 2, summary: 's', components: ['gateway'], reportedAt: [] });
    const deps = { db, storage: { bundleDir: path.join(dataDir, 'bundles') } };
    let t0 = performance.now();
    const out = await ingestBundleFile(deps, { filePath: ${JSON.stringify(file)}, fileName: path.basename(${JSON.stringify(file)}), ticketId: ticket.id, source: 'cli', actor: user });
    const store = (performance.now() - t0) / 1000;
    await confirmConsent(db, user, ticket.id, out.bundle.id);
    t0 = performance.now();
    const parsed = await parseBundle(deps, out.bundle.id);
    const parse = (performance.now() - t0) / 1000;
    await closeDatabase(db);
    process.stdout.write(JSON.stringify({ store, parse, maxRssKb: process.resourceUsage().maxRSS, spans: parsed.spanCount }));
    process.exit(0);
  `;
  const env: NodeJS.ProcessEnv = { ...process.env, X400_APP_ROOT: ROOT };
  delete env.X400_DATABASE_URL;
  if (databaseUrl) env.X400_DATABASE_URL = databaseUrl;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env });
  return JSON.parse(out.toString()) as IngestResult;
}

/** A fresh database on the bench Postgres server, or null (with a line saying why) when none answers. */
async function freshPgDatabase(name: string): Promise<{ url: string; drop: () => Promise<void> } | null> {
  const base = process.env.BENCH_PG_URL ?? 'postgres://x400:x400@127.0.0.1:5432/x400';
  const admin = new pg.Client({ connectionString: base, connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
  } catch (error) {
    console.log(`  PostgreSQL skipped: nothing answers at ${base.replace(/\/\/[^@/]*@/, '//')} (${(error as { code?: string }).code ?? String(error)})`);
    return null;
  }
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function benchIngest(): Promise<void> {
  const backend = process.env.BENCH_BACKEND ?? 'both';
  console.log('bundle ingest benchmark: check + encrypt + store, then parse (spans, tree, skeleton, logs)');
  console.log(`  load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const spans of SIZES) {
    const file = ensureBundle(spans);
    const totals: Record<string, number> = {};
    for (const which of backend === 'both' ? ['sqlite', 'pg'] : [backend]) {
      const dataDir = mkdtempSync(join(tmpdir(), 'x400-bench-ingest-'));
      const database = which === 'pg' ? await freshPgDatabase(`x400_bench_ingest_${spans}`) : null;
      if (which === 'pg' && !database) continue;
      try {
        const r = ingestInChild(file, dataDir, database?.url);
        totals[which] = r.store + r.parse;
        const ratio = which === 'pg' && totals.sqlite ? `  store + parse ${(totals.pg / totals.sqlite).toFixed(2)}× SQLite's (target ≤ 2×)` : '';
        console.log(
          [
            `  ${which === 'pg' ? 'PostgreSQL' : 'SQLite    '} ${spans.toLocaleString('en')} spans`.padEnd(32),
            `store ${r.store.toFixed(2)} s`.padEnd(16),
            `parse ${r.parse.toFixed(2)} s (${Math.round(r.spans / r.parse).toLocaleString('en')} spans/s)`.padEnd(38),
            `peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB`,
            r.spans === spans ? '' : `  !! parsed ${r.spans}`,
            ratio,
          ].join(' '),
        );
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
        await database?.drop();
      }
    }
  }
}

if (process.argv[1]?.endsWith('bench/ingest.ts')) {
  await benchIngest();
  process.exit(0);
}
