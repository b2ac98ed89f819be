// Inspect on two threads (the installed command's way) gives the one-thread report byte for byte:
// on every trace of the corpus, on generated bundles with planted personal data (findings over
// the cap, categories first met on either thread), Jaeger processes before and after their spans,
// snapshots the streamed reading declines, and broken bundles. The snapshot's streamed reading
// (for large ones) gives the whole reading's report (small ones) byte for byte too.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectBundle, type InspectOptions } from '@/lib/bundle/inspect';
import { workerTakes } from '@/lib/bundle/parallel/split';
import { generateGatewayTrace, generateSnapshot, makeBundle } from '@/test/support/make-bundle';
import { CORPUS_DIR, HAS_CORPUS, tmpFile } from './helpers';

type Parts = Parameters<typeof makeBundle>[0];

async function bothWays(parts: Parts, extra: InspectOptions = {}, adaptiveToo = false) {
  const { fileName, buffer } = makeBundle(parts);
  const file = tmpFile(fileName, buffer);
  const one = await inspectBundle(file, { ...extra, threads: 1 });
  // The snapshot streamed, as a large one is, on this thread; then on the worker.
  const streamed = await inspectBundle(file, { ...extra, threads: 1, snapshotStreamFromBytes: 0 });
  expect(JSON.stringify(streamed)).toBe(JSON.stringify(one));
  // Small chunks cut the trace into many batches, shared evenly between the two threads; then as
  // the command shares them (as the worker keeps up).
  const alternate = await inspectBundle(file, { ...extra, threads: 2, parallelFromBytes: 0, traceChunkBytes: 2048, parallelSplit: 'alternate', snapshotStreamFromBytes: 0 });
  expect(JSON.stringify(alternate)).toBe(JSON.stringify(one));
  if (adaptiveToo) {
    const adaptive = await inspectBundle(file, { ...extra, threads: 2, parallelFromBytes: 0, traceChunkBytes: 4096 });
    expect(JSON.stringify(adaptive)).toBe(JSON.stringify(one));
  }
  return one;
}

function gatewayTrace(spans: number, seed: number): string {
  return [...generateGatewayTrace({ spans, errorRate: 0.2, seed })].join('');
}

describe('inspect on two threads', () => {
  const corpus = HAS_CORPUS ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')) : [];
  it.skipIf(!HAS_CORPUS).each(corpus)('matches one thread on corpus trace %s', async (f) => {
    const report = await bothWays({ trace: readFileSync(join(CORPUS_DIR, f)) });
    expect(report.metrics.spans, f).toBeGreaterThan(0);
  });

  it('matches with planted personal data over the findings cap, in trace, snapshot and logs', async () => {
    const trace = gatewayTrace(3000, 5)
      .replaceAll('mta2.example.net', 'jane.doe@example.com')
      .replace(/mta3\.example\.net/g, (_m) => '+44 20 7946 0958');
    const snapshot = generateSnapshot({ pointsPerSeries: 50, seed: 2 }) as { series: { labels: Record<string, string> }[] };
    snapshot.series[1].labels.owner = 'bob.smith@example.org';
    const logs = [{ ts: '2026-11-26T21:00:00Z', level: 'warn', msg: 'card 4111 1111 1111 1111 refused', attrs: {} }];
    for (const maxFindings of [3, 40, 1000]) {
      const report = await bothWays({ trace, snapshot, logs }, { limits: { maxFindings } }, maxFindings === 40);
      expect(report.redaction.clean).toBe(false);
      expect(report.redaction.findings.length).toBe(Math.min(maxFindings, Object.values(report.redaction.counts).reduce((a, b) => a + (b ?? 0), 0)));
    }
  });

  it('matches for clean generated bundles of several sizes and error rates', async () => {
    for (const [spans, seed] of [[1, 1], [500, 2], [4000, 3]] as const) {
      const report = await bothWays({ trace: generateGatewayTrace({ spans, errorRate: 0.3, seed }), snapshot: generateSnapshot({ pointsPerSeries: 200, seed }) });
      expect(report.metrics.spans).toBe(spans);
    }
  });

  it('gives the worker chunks while it keeps up, but none it would still be reading after this thread is done', () => {
    const mib = 1 << 20;
    expect(workerTakes(0, mib, 100 * mib)).toBe(true);
    expect(workerTakes(3, mib, 100 * mib)).toBe(true);
    expect(workerTakes(4, mib, 100 * mib)).toBe(false);
    // The last chunk stays here; before it, the worker may hold as many as remain after it.
    expect(workerTakes(0, mib, 0)).toBe(false);
    expect(workerTakes(0, mib, mib / 2)).toBe(true);
    expect(workerTakes(1, mib, mib / 2)).toBe(false);
    expect(workerTakes(2, mib, 3 * mib)).toBe(true);
    expect(workerTakes(3, mib, 3 * mib)).toBe(false);
  });

  it('matches for Jaeger traces whose processes come before or after their spans, and for a root array of traces', async () => {
    const span = (i: number, proc: string) => ({ traceID: 'a'.repeat(31) + (i % 7), spanID: (i + 1).toString(16).padStart(16, '0'), operationName: `op-${i % 13}`, startTime: 1_700_000_000_000_000 + i, duration: 10 + i, processID: proc, tags: [{ key: 'x400.error.code', type: 'string', value: `X400-${i % 5}` }, { key: 'error', type: 'bool', value: i % 4 === 0 }] });
    const spans = Array.from({ length: 800 }, (_, i) => span(i, i % 2 ? 'p1' : 'p2'));
    const processes = { p1: { serviceName: 'x400-mta', tags: [] }, p2: { serviceName: 'x400-gateway', tags: [] } };
    await bothWays({ trace: JSON.stringify({ data: [{ traceID: 'a', processes, spans }, { traceID: 'b', spans, processes }] }) });
    await bothWays({ trace: JSON.stringify({ processes, spans }) });
    const report = await bothWays({ trace: JSON.stringify(Array.from({ length: 60 }, () => ({ traceID: 'c', spans: spans.slice(0, 20), processes }))) });
    expect(report.traceFormat).toBe('jaeger');
  });

  it('matches when the snapshot is one the streamed reading declines', async () => {
    const series = (generateSnapshot({ pointsPerSeries: 20, seed: 4 }) as { series: unknown[] }).series;
    const trace = gatewayTrace(2000, 6);
    await bothWays({ trace, snapshot: `{"2":"x","series":${JSON.stringify(series)},"owner":"jane.doe@example.com"}` });
    await bothWays({ trace, snapshot: `{"series":${JSON.stringify(series)},"series":[]}` });
    await bothWays({ trace, snapshot: `{"value":"jane.doe@example.com","series":${JSON.stringify(series)},"key":"contact"}` });
    const bad = await bothWays({ trace, snapshot: { series: [...series, { name: 'x', points: [[1, 'two']] }] } });
    expect(bad.problems.map((p) => p.code)).toEqual(['SNAPSHOT_INVALID']);
  });

  it('matches for broken traces (read again on one thread)', async () => {
    const trace = gatewayTrace(2000, 7);
    const broken = await bothWays({ trace: trace.slice(0, 60_000) + '{"oops"' + trace.slice(60_000) });
    expect(broken.problems[0].code).toBe('MALFORMED_JSON');
    await bothWays({ trace: trace.slice(0, trace.length - 40) });
  });
});
