import { describe, expect, it } from 'vitest';
import { TraceReader } from '@/lib/bundle/trace/reader';
import type { Span } from '@/lib/bundle/trace/model';
import { normalizeId } from '@/lib/bundle/trace/model';
import { JsonStreamScanner, type Segment } from '@/lib/bundle/json-stream';

/** Feeds a document in small chunks (to cross chunk boundaries everywhere). */
function read(doc: unknown, chunk = 7): { spans: Span[]; format: string | null; pieces: [string, unknown][] } {
  const text = typeof doc === 'string' ? doc : JSON.stringify(doc);
  const spans: Span[] = [];
  const pieces: [string, unknown][] = [];
  const r = new TraceReader({ maxDepth: 512, onSpan: (s) => spans.push(s), onPiece: (p, v) => pieces.push([p.join('/'), v]) });
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += chunk) r.push(buf.subarray(i, i + chunk));
  r.finish();
  return { spans, format: r.format, pieces };
}

const b64Trace = Buffer.from('0af7651916cd43dd8448eb211c80319c', 'hex').toString('base64');
const b64Span = Buffer.from('b7ad6b7169203331', 'hex').toString('base64');

describe('OTLP/JSON', () => {
  it('legacy batches / instrumentationLibrarySpans with base64 ids and enum names', () => {
    const { spans, format } = read({
      batches: [{
        resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-mta' } }] },
        instrumentationLibrarySpans: [{ instrumentationLibrary: { name: 'old' }, spans: [{
          traceId: b64Trace, spanId: b64Span, name: 'mta.transfer', kind: 'SPAN_KIND_CLIENT',
          startTimeUnixNano: 1795730283000000000, endTimeUnixNano: '1795730283500000000',
          status: { code: 'STATUS_CODE_ERROR', message: 'boom' },
          attributes: [{ key: 'x400.ndr.reason', value: { intValue: '1' } }, { key: 'ok', value: { boolValue: true } }, { key: 'd', value: { doubleValue: 1.5 } }, { key: 'arr', value: { arrayValue: { values: [{ stringValue: 'a' }] } } }],
        }] }],
      }],
    });
    expect(format).toBe('otlp');
    expect(spans).toHaveLength(1);
    const s = spans[0];
    expect(s.traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(s.spanId).toBe('b7ad6b7169203331');
    expect(s.kind).toBe('client');
    expect(s.status).toEqual({ code: 'error', message: 'boom' });
    expect(s.service).toBe('x400-mta');
    expect(s.endNs - s.startNs).toBe(500_000_000n);
    expect(s.attributes).toEqual({ 'x400.ndr.reason': 1, ok: true, d: 1.5, arr: ['a'] });
  });

  it('resource after scopeSpans still names the service', () => {
    const { spans } = read('{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"0AF7651916CD43DD8448EB211C80319C","spanId":"B7AD6B7169203331","name":"a","status":{"code":1}}]}],"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"late"}}]}}]}');
    expect(spans[0].service).toBe('late');
    expect(spans[0].traceId).toBe('0af7651916cd43dd8448eb211c80319c');
    expect(spans[0].status.code).toBe('ok');
  });

  it('strings with escaped quotes and brackets across chunk boundaries', () => {
    const { spans } = read({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'we\\"ird ]} "name" {[', attributes: [] }] }] }] }, 3);
    expect(spans[0].name).toBe('we\\"ird ]} "name" {[');
    expect(spans[0].service).toBe('unknown');
  });

  it('normalizeId keeps hex, lowers case, decodes base64', () => {
    expect(normalizeId('ABCDEF0123456789', 8)).toBe('abcdef0123456789');
    expect(normalizeId(b64Span, 8)).toBe('b7ad6b7169203331');
    expect(normalizeId('', 8)).toBeNull();
  });
});

describe('Jaeger JSON', () => {
  const trace = {
    traceID: 'abc123', spans: [
      { traceID: 'abc123', spanID: '01', operationName: 'child', references: [{ refType: 'CHILD_OF', traceID: 'abc123', spanID: '02' }], startTime: 1000, duration: 5, tags: [{ key: 'error', type: 'bool', value: true }, { key: 'span.kind', type: 'string', value: 'client' }], logs: [{ timestamp: 1001, fields: [{ key: 'event', type: 'string', value: 'retry' }] }], processID: 'p2' },
      { traceID: 'abc123', spanID: '02', operationName: 'root', references: [], startTime: 999, duration: 10, tags: [], processID: 'p1' },
    ],
    processes: { p1: { serviceName: 'x400-gateway' }, p2: { serviceName: 'x400-mta' } },
  };
  for (const [label, doc] of [['{data:[...]}', { data: [trace] }], ['bare array', [trace]], ['single trace', trace]] as const) {
    it(`reads the ${label} shape (processes after spans)`, () => {
      const { spans, format } = read(doc);
      expect(format).toBe('jaeger');
      expect(spans).toHaveLength(2);
      const child = spans.find((s) => s.name === 'child')!;
      expect(child.parentSpanId).toBe('02');
      expect(child.service).toBe('x400-mta');
      expect(child.status.code).toBe('error');
      expect(child.kind).toBe('client');
      expect(child.startNs).toBe(1_000_000n);
      expect(child.endNs).toBe(1_005_000n);
      expect(child.events[0].name).toBe('retry');
      expect(spans.find((s) => s.name === 'root')!.parentSpanId).toBeNull();
    });
  }
});

describe('Zipkin v2', () => {
  it('merges client and server halves and fragments sharing (traceId, id)', () => {
    const { spans, format } = read([
      { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', parentId: '463ac35c9f6413ad', kind: 'CLIENT', name: 'get /x', timestamp: 1000, duration: 500, localEndpoint: { serviceName: 'frontend' }, tags: { error: '404' } },
      { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', parentId: '463ac35c9f6413ad', kind: 'SERVER', name: 'get', timestamp: 1100, duration: 300, localEndpoint: { serviceName: 'backend' }, tags: { error: '404' }, shared: true },
      { traceId: '463ac35c9f6413ad', id: 'a2fb4a1d1a96d312', annotations: [{ timestamp: 1200, value: 'late' }] },
      { traceId: '463ac35c9f6413ad', id: '463ac35c9f6413ad', name: 'root' },
    ]);
    expect(format).toBe('zipkin');
    expect(spans).toHaveLength(2);
    const merged = spans.find((s) => s.spanId === 'a2fb4a1d1a96d312')!;
    expect(merged.service).toBe('backend');
    expect(merged.kind).toBe('server');
    expect(merged.attributes['zipkin.client.service']).toBe('frontend');
    expect(merged.attributes['zipkin.server.service']).toBe('backend');
    expect(merged.status).toEqual({ code: 'error', message: '404' });
    expect(merged.startNs).toBe(1_000_000n);
    expect(merged.endNs).toBe(1_500_000n);
    expect(merged.events).toHaveLength(1);
    const root = spans.find((s) => s.name === 'root')!;
    expect(root.startNs).toBe(0n);
  });
});

describe('structural scanner', () => {
  it('reports pieces with their paths and refuses trailing garbage', () => {
    const seen: [readonly Segment[], unknown][] = [];
    const s = new JsonStreamScanner({ decide: (p) => (p.length < 2 ? 'descend' : 'capture'), onValue: (p, v) => seen.push([[...p], v]) }, 'x.json', 10);
    s.push(Buffer.from('{"a": [1, "two", {"three": 3}], "b": null}'));
    s.finish();
    expect(seen).toEqual([[['a', 0], 1], [['a', 1], 'two'], [['a', 2], { three: 3 }], [['b'], null]]);
    const bad = new JsonStreamScanner({ decide: () => 'capture', onValue: () => {} }, 'x.json', 10);
    expect(() => { bad.push(Buffer.from('{} x')); bad.finish(); }).toThrow(/MALFORMED_JSON/);
  });
});
