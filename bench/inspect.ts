// Benchmark of the bundle engine: builds reference OTLP bundles (10k, 100k, 1M spans, snapshot of
// 100k points) in bench/.out/ when missing, then for each prints inspect wall time, MB/s of
// inflated JSON, peak RSS of the inspect run (a child process), and the `unzip -p` floor.
// Targets: 1M-span bundle under 1 GiB peak RSS; inspect at most 3x the unzip floor.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateGatewayTrace, generateSnapshot, SNAPSHOT_SERIES_COUNT, writeBundle } from '../test/support/make-bundle';

const ROOT = resolve(import.meta.dirname ?? '.', '..');
const OUT = join(ROOT, 'bench', '.out');
const SIZES = (process.env.BENCH_SPANS ?? '10000,100000,1000000').split(',').map(Number);
const SNAPSHOT_POINTS = 100_000;

export function ensureBundle(spans: number): string {
  const dir = join(OUT, `otlp-${spans}`);
  const done = join(dir, 'ready');
  mkdirSync(dir, { recursive: true });
  const name = 'trace-20261126T215803Z-cli.zip';
  if (existsSync(done)) return join(dir, name);
  const t0 = performance.now();
  writeBundle(dir, {
    metadata: { bundleId: '0f9c3a6e-5d1b-4c1e-9a77-2b8f3d4e5a61' },
    snapshot: generateSnapshot({ pointsPerSeries: Math.ceil(SNAPSHOT_POINTS / SNAPSHOT_SERIES_COUNT), seed: spans }),
    trace: generateGatewayTrace({ spans, errorRate: 0.05, seed: spans }),
  });
  writeFileSync(done, '');
  console.log(`  generated ${spans} spans in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return join(dir, name);
}

function unzipFloor(file: string): number {
  const t0 = performance.now();
  const r = spawnSync('sh', ['-c', `unzip -p "${file}" > /dev/null`]);
  if (r.status !== 0) throw new Error(`unzip failed: ${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

interface ChildResult { seconds: number; maxRssKb: number; spans: number; valid: boolean; inflated: number }

function inspectInChild(file: string): ChildResult {
  const script = `
    const { inspectBundle } = await import(${JSON.stringify(join(ROOT, 'lib/bundle/inspect.ts'))});
    const t0 = performance.now();
    const r = await inspectBundle(${JSON.stringify(file)});
    const seconds = (performance.now() - t0) / 1000;
    const inflated = r.entries.reduce((n, e) => n + e.size, 0);
    process.stdout.write(JSON.stringify({ seconds, maxRssKb: process.resourceUsage().maxRSS, spans: r.metrics.spans, valid: r.valid, inflated, problems: r.problems }));
  `;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, X400_APP_ROOT: ROOT } });
  return JSON.parse(out.toString()) as ChildResult;
}

export async function benchInspect(): Promise<void> {
  mkdirSync(OUT, { recursive: true });
  console.log('bundle inspect benchmark (OTLP, snapshot of 100k points)');
  const rows: string[] = [];
  for (const spans of SIZES) {
    const file = ensureBundle(spans);
    const floor = unzipFloor(file);
    const r = inspectInChild(file);
    const mb = r.inflated / 1e6;
    const row = [
      `${spans.toLocaleString('en')} spans`.padEnd(18),
      `zip ${(statSync(file).size / 1e6).toFixed(1)} MB, json ${mb.toFixed(1)} MB`.padEnd(32),
      `inspect ${r.seconds.toFixed(2)} s (${(mb / r.seconds).toFixed(0)} MB/s)`.padEnd(28),
      `peak RSS ${(r.maxRssKb / 1024).toFixed(0)} MiB`.padEnd(18),
      `unzip -p ${floor.toFixed(2)} s`.padEnd(18),
      `ratio ${(r.seconds / floor).toFixed(2)}x`,
      r.valid && r.spans === spans ? '' : `  !! valid=${r.valid} spans=${r.spans}`,
    ].join(' ');
    console.log(row);
    rows.push(row);
  }
  console.log('targets: 1M spans peak RSS < 1024 MiB; inspect <= 3x unzip -p');
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('bench/inspect.ts')) {
  await benchInspect();
}
