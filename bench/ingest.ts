// Ingest benchmark: the console's path for a bundle (upload check, encrypt and store, consent,
// parse into SQLite with the span tree laid out, timeline skeleton built), per reference size,
// in a child process so peak RSS is that of the ingest alone.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBundle } from './inspect';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const SIZES = (process.env.BENCH_SPANS ?? '10000,100000,1000000').split(',').map(Number);

export interface IngestResult { store: number; parse: number; maxRssKb: number; spans: number }

export function ingestInChild(file: string, dataDir: string): IngestResult {
  const script = `
    const path = await import('node:path');
    const { openDatabase } = await import(${JSON.stringify(join(ROOT, 'db/client.ts'))});
    const { createUser, SYSTEM_ACTOR } = await import(${JSON.stringify(join(ROOT, 'lib/auth/accounts.ts'))});
    const { createTicket } = await import(${JSON.stringify(join(ROOT, 'lib/tickets/service.ts'))});
    const { ingestBundleFile, confirmConsent, parseBundle } = await import(${JSON.stringify(join(ROOT, 'lib/ingest/service.ts'))});
    const dataDir = ${JSON.stringify(dataDir)};
    const db = openDatabase(path.join(dataDir, 'x400-support.sqlite'), ${JSON.stringify(ROOT)});
    const { user } = await createUser(db, { email: 'bench@x.test', role: 'engineer', password: 'bench-password-1' }, SYSTEM_ACTOR);
    const ticket = createTicket(db, user, { customerName: 'Bench', customerContact: 'c', severity: 2, summary: 's', components: ['gateway'], reportedAt: [] });
    const deps = { db, storage: { bundleDir: path.join(dataDir, 'bundles') } };
    let t0 = performance.now();
    const out = await ingestBundleFile(deps, { filePath: ${JSON.stringify(file)}, fileName: path.basename(${JSON.stringify(file)}), ticketId: ticket.id, source: 'cli', actor: user });
    const store = (performance.now() - t0) / 1000;
    confirmConsent(db, user, ticket.id, out.bundle.id);
    t0 = performance.now();
    const parsed = await parseBundle(deps, out.bundle.id);
    const parse = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ store, parse, maxRssKb: process.resourceUsage().maxRSS, spans: parsed.spanCount }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, X400_APP_ROOT: ROOT } });
  return JSON.parse(out.toString()) as IngestResult;
}

export async function benchIngest(): Promise<void> {
  console.log('bundle ingest benchmark: check + encrypt + store, then parse into SQLite (spans, tree, skeleton)');
  for (const spans of SIZES) {
    const file = ensureBundle(spans);
    const dataDir = mkdtempSync(join(tmpdir(), 'x400-bench-ingest-'));
    try {
      const r = ingestInChild(file, dataDir);
      console.log(
        [
          `${spans.toLocaleString('en')} spans`.padEnd(18),
          `store ${r.store.toFixed(2)} s`.padEnd(16),
          `parse ${r.parse.toFixed(2)} s (${Math.round(r.spans / r.parse).toLocaleString('en')} spans/s)`.padEnd(36),
          `peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB`,
          r.spans === spans ? '' : `  !! parsed ${r.spans}`,
        ].join(' '),
      );
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

if (process.argv[1]?.endsWith('bench/ingest.ts')) await benchIngest();
