// The figures of issue 13, in one run, each beside its target: `x400-support --help`; inspect
// through the installed bin (time, peak RSS) at 10k, 100k and 1M spans with 100k-point snapshots,
// beside `unzip -p` of the same file; ingest (parse into SQLite) at 100k and 1M; share at 1M.
// Every measurement runs in a child process, so its peak RSS is its own.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ingestInChild } from './ingest';
import { ensureBundle } from './inspect';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const BIN = join(ROOT, 'bin', 'x400-support.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const INSPECT_SIZES = (process.env.BENCH_SPANS ?? '10000,100000,1000000').split(',').map(Number);
const INGEST_SIZES = INSPECT_SIZES.filter((n) => n >= 100_000);
const SHARE_SIZE = Math.max(...INSPECT_SIZES);

interface Run { seconds: number; cpu: number | null; maxRssMiB: number | null; status: number | null }

/** Wall time and peak RSS of a command (through /usr/bin/time when present). */
function timed(cmd: string, args: string[]): Run {
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%U %S %M', cmd, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, X400_APP_ROOT: ROOT } })
    : spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
  const seconds = (performance.now() - t0) / 1000;
  const [user, sys, kb] = TIME ? (r.stderr.toString().trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, cpu: Number.isFinite(user + sys) ? user + sys : null, maxRssMiB: Number.isFinite(kb) ? kb / 1024 : null, status: r.status };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = (x: number) => `${x.toFixed(2)} s`;
const mib = (x: number | null) => (x === null ? '-' : `${x.toFixed(0)} MiB`);

function row(cells: string[], widths = [34, 16, 12, 16, 20, 24]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join(' ').trimEnd();
}

/** Shares a bundle (ingested, consent confirmed) in a child: the console's shareBundle, to an age recipient. */
function shareInChild(file: string, dataDir: string): { seconds: number; maxRssKb: number; size: number } {
  const script = `
    const path = await import('node:path');
    const { openDatabase } = await import(${JSON.stringify(join(ROOT, 'db/client.ts'))});
    const { createUser, SYSTEM_ACTOR } = await import(${JSON.stringify(join(ROOT, 'lib/auth/accounts.ts'))});
    const { createTicket } = await import(${JSON.stringify(join(ROOT, 'lib/tickets/service.ts'))});
    const { ingestBundleFile, confirmConsent } = await import(${JSON.stringify(join(ROOT, 'lib/ingest/service.ts'))});
    const { shareBundle } = await import(${JSON.stringify(join(ROOT, 'lib/share/service.ts'))});
    const { generateIdentity, identityToRecipient } = await import('age-encryption');
    const dataDir = ${JSON.stringify(dataDir)};
    const db = openDatabase(path.join(dataDir, 'x400-support.sqlite'), ${JSON.stringify(ROOT)});
    const { user } = await createUser(db, { email: 'bench@x.test', role: 'lead', password: 'bench-password-1' }, SYSTEM_ACTOR);
    const ticket = createTicket(db, user, { customerName: 'Bench', customerContact: 'c', severity: 2, summary: 's', components: ['gateway'], reportedAt: [] });
    const deps = { db, bundleDir: path.join(dataDir, 'bundles'), storage: { bundleDir: path.join(dataDir, 'bundles') } };
    const out = await ingestBundleFile(deps, { filePath: ${JSON.stringify(file)}, fileName: path.basename(${JSON.stringify(file)}), ticketId: ticket.id, source: 'cli', actor: user });
    confirmConsent(db, user, ticket.id, out.bundle.id);
    const recipient = await identityToRecipient(await generateIdentity());
    const t0 = performance.now();
    const shared = await shareBundle(deps, user, { bundleId: out.bundle.id, to: { recipient } });
    let size = 0;
    for await (const c of shared.content) size += c.length;
    const seconds = (performance.now() - t0) / 1000;
    process.stdout.write(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, size }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, X400_APP_ROOT: ROOT } });
  return JSON.parse(out.toString());
}

export async function benchTargets(): Promise<void> {
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, stdio: 'ignore' });
  // Wall time, and CPU seconds (user + system) beside it: on a loaded machine the CPU figures are
  // the steadier ones.
  console.log(row(['measure', 'wall (cpu)', 'peak RSS', 'unzip -p (cpu)', 'ratio wall (cpu)', 'target']));

  // --help, median of 11 runs after one warm-up, beside a bare `node -e 0`.
  timed(process.execPath, [BIN, '--help']);
  const help = median(Array.from({ length: 11 }, () => timed(process.execPath, [BIN, '--help']).seconds));
  const bare = median(Array.from({ length: 11 }, () => timed(process.execPath, ['-e', '0']).seconds));
  console.log(row(['x400-support --help (median of 11)', `${(help * 1000).toFixed(0)} ms`, '', '', '', `<= 150 ms (node -e 0: ${(bare * 1000).toFixed(0)} ms)`]));

  for (const spans of INSPECT_SIZES) {
    const file = ensureBundle(spans);
    const floor = timed('sh', ['-c', `unzip -p "${file}" > /dev/null`]);
    const r = timed(process.execPath, [BIN, 'inspect', file, '--json']);
    const ok = r.status === 0 ? '' : ` (exit ${r.status})`;
    const target = spans >= 100_000 ? '<= 3x unzip, < 1024 MiB' : '';
    const cpu = (x: Run) => (x.cpu === null ? '' : ` (${x.cpu.toFixed(2)})`);
    const cpuRatio = r.cpu !== null && floor.cpu ? ` (${(r.cpu / floor.cpu).toFixed(2)}x)` : '';
    console.log(row([`inspect ${spans.toLocaleString('en')} spans${ok}`, s(r.seconds) + cpu(r), mib(r.maxRssMiB), s(floor.seconds) + cpu(floor), `${(r.seconds / floor.seconds).toFixed(2)}x${cpuRatio}`, target]));
  }

  for (const spans of INGEST_SIZES) {
    const file = ensureBundle(spans);
    const dataDir = mkdtempSync(join(tmpdir(), 'x400-bench-ingest-'));
    try {
      const r = ingestInChild(file, dataDir);
      const bad = r.spans === spans ? '' : ` (!! ${r.spans})`;
      console.log(row([`ingest (parse) ${spans.toLocaleString('en')} spans${bad}`, s(r.parse), mib(r.maxRssKb / 1024), '', '', spans >= 1_000_000 ? '<= 10 s' : '']));
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const shareFile = ensureBundle(SHARE_SIZE);
  const shareDir = mkdtempSync(join(tmpdir(), 'x400-bench-share-'));
  try {
    const r = shareInChild(shareFile, shareDir);
    console.log(row([`share ${SHARE_SIZE.toLocaleString('en')} spans`, s(r.seconds), mib(r.maxRssKb / 1024), '', '', '<= 20 s, flat memory']));
  } finally {
    rmSync(shareDir, { recursive: true, force: true });
  }
}

if (process.argv[1]?.endsWith('bench/targets.ts')) await benchTargets();
