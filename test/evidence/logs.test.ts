import { describe, expect, it } from 'vitest';
import { LogsCollector, logTimeUs, logsSummary, readLogLine } from '@/lib/bundle/logs';
import { OperationsCollector, indexSpans } from '@/lib/bundle/operations';
import { inspectBundle } from '@/lib/bundle/inspect';
import { makeBundle } from '@/test/support/make-bundle';
import { tmpFile } from '../bundle/helpers';
import { span } from './spans';

const TRACE = 'ab'.repeat(16);

describe('log lines', () => {
  it('read into normal form: level lower-cased, µs time, hex ids lower-cased', () => {
    const line = readLogLine({ ts: '2026-11-26T21:00:00.123456Z', level: 'WARN', msg: 'retrying', attrs: { trace_id: TRACE.toUpperCase(), span_id: 'ABCDEF0123456789', queue: 'outbound' } }, 3);
    expect(line).toMatchObject({ lineNo: 3, level: 'warn', msg: 'retrying', traceId: TRACE, spanId: 'abcdef0123456789' });
    expect(line.tsUs).toBe(Date.parse('2026-11-26T21:00:00.123Z') * 1000 + 456);
    expect(readLogLine({ msg: 'x' }, 1)).toMatchObject({ level: 'unknown', tsUs: null, traceId: null, spanId: null });
    // A span id without a trace id links nothing.
    expect(readLogLine({ attrs: { span_id: 'abcdef0123456789' } }, 1).spanId).toBeNull();
    expect(logTimeUs(1795730283000)).toBe(1795730283000000);
  });

  it('link to a span by trace_id + span_id; unknown ids and lines without ids are not linked', () => {
    const ops = new OperationsCollector();
    ops.add(span({ traceId: TRACE, spanId: '0123456789abcdef', startUs: 0, durUs: 10 }));
    const index = indexSpans([ops.partial()]);
    const a = new LogsCollector();
    const b = new LogsCollector();
    a.add(readLogLine({ level: 'info', attrs: { trace_id: TRACE, span_id: '0123456789ABCDEF' } }, 1));
    a.add(readLogLine({ level: 'error', attrs: { trace_id: TRACE, span_id: 'ffffffffffffffff' } }, 2));
    b.add(readLogLine({ level: 'info', msg: 'no ids' }, 3));
    expect(logsSummary([a.partial(), b.partial()], index)).toEqual({ lines: 3, byLevel: { info: 2, error: 1 }, linkedToSpans: 1 });
  });

  it('inspect reports logs: null without logs.ndjson, else lines, levels and linked lines', async () => {
    const trace = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] }, scopeSpans: [{ spans: [
      { traceId: TRACE, spanId: '0123456789abcdef', name: 'gateway.inbound', startTimeUnixNano: '1795730283000000000', endTimeUnixNano: '1795730283100000000' },
    ] }] }] };
    const without = makeBundle({ trace });
    expect((await inspectBundle(tmpFile(without.fileName, without.buffer))).logs).toBeNull();
    const withLogs = makeBundle({ trace, logs: [
      { ts: '2026-11-26T21:58:03.010Z', level: 'INFO', msg: 'accepted', attrs: { trace_id: TRACE, span_id: '0123456789abcdef' } },
      { ts: '2026-11-26T21:58:03.020Z', level: 'warn', msg: 'slow directory', attrs: {} },
    ] });
    const report = await inspectBundle(tmpFile(withLogs.fileName, withLogs.buffer));
    expect(report.logs).toEqual({ lines: 2, byLevel: { info: 1, warn: 1 }, linkedToSpans: 1 });
    expect(report.metrics.operations).toEqual([{ service: 'x400-gateway', operation: 'gateway.inbound', count: 1, errorSpans: 0, p50Us: 100_000, p95Us: 100_000, p99Us: 100_000, maxUs: 100_000, selfTimeUs: 100_000 }]);
  });
});
