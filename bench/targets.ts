// The figures of issue 13, each beside its target, all through the installed bin
// (`node bin/x400-support.mjs`) in child processes, so each peak RSS is the command's own:
//   help     `x400-support --help` (median of 11) beside a bare `node -e 0`;
//   inspect  `inspect --json` at 10k, 100k and 1M spans (100k-point snapshots) beside `unzip -p`
//            of the same file, wall and CPU seconds;
//   consent  `ticket consent` (consent recorded, then the bundle parsed into SQLite) at 100k and 1M;
//   share    `share --bundle … --recipient age1… --out …` of the 1M-span bundle.
// Each runs alone with BENCH_PARTS (bench/run.ts); BENCH_SPANS limits the sizes.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ensureBundle } from './inspect';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const BIN = join(ROOT, 'bin', 'x400-support.mjs');
const TIME = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
const SIZES = (process.env.BENCH_SPANS ?? '10000,100000,1000000').split(',').map(Number);
const CONSENT_SIZES = SIZES.filter((n) => n >= 100_000);
const SHARE_SIZE = Math.max(...SIZES);

interface Run { seconds: number; cpu: number | null; maxRssMiB: number | null; status: number | null; stdout: string }

/** Wall time, CPU seconds and peak RSS of a command (through /usr/bin/time when present). */
function timed(cmd: string, args: string[], env: Record<string, string | undefined> = {}): Run {
  // undefined values are left out of a child's environment (a SQLite data folder, not X400_DATABASE_URL).
  const childEnv = { ...process.env, X400_APP_ROOT: ROOT, ...env };
  const t0 = performance.now();
  const r = TIME
    ? spawnSync(TIME, ['-f', '%U %S %M', cmd, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv, maxBuffer: 256 * 1024 * 1024 })
    : spawnSync(cmd, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: childEnv, maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - t0) / 1000;
  const [user, sys, kb] = TIME ? (r.stderr.toString().trim().split('\n').pop() ?? '').split(' ').map(Number) : [NaN, NaN, NaN];
  return { seconds, cpu: Number.isFinite(user + sys) ? user + sys : null, maxRssMiB: Number.isFinite(kb) ? kb / 1024 : null, status: r.status, stdout: r.stdout.toString() };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (x: number | null) => (x === null ? '-' : `${x.toFixed(0)} MiB`);
/** "1.23 s (cpu 2.01)" */
const wallCpu = (r: Run) => `${r.seconds.toFixed(2)} s${r.cpu === null ? '' : ` (cpu ${r.cpu.toFixed(2)})`}`;

function row(cells: string[], widths = [30, 24, 10, 24, 18, 28]): string {
  return cells.map((c, i) => c.padEnd(widths[i] ?? 12)).join(' ').trimEnd();
}

function header(): void {
  console.log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(row(['measure', 'wall (cpu)', 'peak RSS', 'unzip -p wall (cpu)', 'ratio', 'target']));
}

let built = false;
/** Builds dist/cli once, so no measured run pays for a rebuild. */
function buildOnce(): void {
  if (built) return;
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, stdio: 'ignore' });
  built = true;
}

export async function benchHelp(): Promise<void> {
  buildOnce();
  header();
  timed(process.execPath, [BIN, '--help']);
  const help = median(Array.from({ length: 11 }, () => timed(process.execPath, [BIN, '--help']).seconds));
  const bare = median(Array.from({ length: 11 }, () => timed(process.execPath, ['-e', '0']).seconds));
  console.log(row(['x400-support --help (median 11)', `${(help * 1000).toFixed(0)} ms`, '', '', '', `<= 150 ms (node -e 0: ${(bare * 1000).toFixed(0)} ms)`]));
}

export async function benchInspectBin(): Promise<void> {
  buildOnce();
  header();
  for (const spans of SIZES) {
    const file = ensureBundle(spans);
    const floor = timed('sh', ['-c', `unzip -p "${file}" > /dev/null`]);
    const r = timed(process.execPath, [BIN, 'inspect', file, '--json']);
    const ok = r.status === 0 ? '' : ` (exit ${r.status})`;
    const cpuRatio = r.cpu !== null && floor.cpu ? ` (cpu ${(r.cpu / floor.cpu).toFixed(1)}x)` : '';
    console.log(row([
      `inspect ${spans.toLocaleString('en')} spans${ok}`, wallCpu(r), mib(r.maxRssMiB), wallCpu(floor),
      `${(r.seconds / floor.seconds).toFixed(2)}x${cpuRatio}`, spans >= 100_000 ? '<= 3x unzip -p, < 1024 MiB' : '',
    ]));
  }
}

interface Consented { dataDir: string; bundleId: string; consent: Run }

/** A data folder with the bundle ingested through the CLI, then consent given (`ticket consent`, timed). */
function ingestAndConsent(spans: number): Consented {
  const file = ensureBundle(spans);
  const dataDir = mkdtempSync(join(tmpdir(), `x400-bench-cli-${spans}-`));
  const env = { X400_DATA_DIR: dataDir, X400_DATABASE_URL: undefined };
  const cli = (args: string[]) => {
    const r = timed(process.execPath, [BIN, ...args], env);
    if (r.status !== 0) throw new Error(`x400-support ${args[0]} ${args[1] ?? ''} failed (exit ${r.status})`);
    return r;
  };
  cli(['user', 'add', '--email', 'bench@x.test', '--role', 'lead', '--generate-password', '--json']);
  const ticket = JSON.parse(cli(['ticket', 'create', '--customer', 'Bench', '--contact', 'c', '--severity', '2', '--summary', 'bench', '--component', 'gateway', '--json']).stdout) as { id: number };
  const stored = JSON.parse(cli(['ingest', file, '--ticket', String(ticket.id), '--json']).stdout) as { bundleId: string };
  const consent = cli(['ticket', 'consent', '--ticket', String(ticket.id), '--bundle', stored.bundleId, '--by', 'bench@x.test', '--json']);
  const parsed = JSON.parse(consent.stdout) as { spans: number };
  if (parsed.spans !== spans) throw new Error(`ticket consent parsed ${parsed.spans} spans, not ${spans}`);
  return { dataDir, bundleId: stored.bundleId, consent };
}

/** The last consented 1M data folder, reused by `share` when both parts run. */
let kept: { spans: number; state: Consented } | null = null;

export async function benchConsent(): Promise<void> {
  buildOnce();
  header();
  for (const spans of CONSENT_SIZES) {
    const state = ingestAndConsent(spans);
    console.log(row([`ticket consent ${spans.toLocaleString('en')} spans`, wallCpu(state.consent), mib(state.consent.maxRssMiB), '', '', spans >= 1_000_000 ? '<= 10 s (SQLite)' : '']));
    if (spans === SHARE_SIZE) {
      if (kept) rmSync(kept.state.dataDir, { recursive: true, force: true });
      kept = { spans, state };
    } else {
      rmSync(state.dataDir, { recursive: true, force: true });
    }
  }
}

export async function benchShare(): Promise<void> {
  buildOnce();
  header();
  const state = kept?.spans === SHARE_SIZE ? kept.state : ingestAndConsent(SHARE_SIZE);
  kept = null;
  try {
    const { generateIdentity, identityToRecipient } = await import('age-encryption');
    const recipient = await identityToRecipient(await generateIdentity());
    const out = join(state.dataDir, 'shared.age');
    const r = timed(process.execPath, [BIN, 'share', '--bundle', state.bundleId, '--recipient', recipient, '--out', out, '--json'], { X400_DATA_DIR: state.dataDir, X400_DATABASE_URL: undefined });
    const ok = r.status === 0 ? '' : ` (exit ${r.status})`;
    const size = existsSync(out) ? ` ${(statSync(out).size / 1e6).toFixed(0)} MB out` : '';
    console.log(row([`share ${SHARE_SIZE.toLocaleString('en')} spans${ok}`, wallCpu(r), mib(r.maxRssMiB), '', size, '<= 20 s, flat memory']));
  } finally {
    rmSync(state.dataDir, { recursive: true, force: true });
  }
}

/** Removes the data folder kept for `share` when that part did not run (bench/run.ts, at the end). */
export function discardKept(): void {
  if (kept) rmSync(kept.state.dataDir, { recursive: true, force: true });
  kept = null;
}

/** All four, in one run (the `targets` part). */
export async function benchTargets(): Promise<void> {
  await benchHelp();
  await benchInspectBin();
  await benchConsent();
  await benchShare();
}

if (process.argv[1]?.endsWith('bench/targets.ts')) await benchTargets();
