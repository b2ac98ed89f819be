// The byte-level OTLP span reader (lib/bundle/trace/otlp-fast.ts) is a shortcut, not a second set
// of rules: with it or without it (every record through JSON.parse and the general reader), the
// spans and the inspect report are the same, whatever the chunk boundaries. It reads the common
// record shape itself and gives every other record back untouched.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inspectBundle } from '@/lib/bundle/inspect';
import { RedactionCheck } from '@/lib/bundle/redaction';
import { OtlpFastReader } from '@/lib/bundle/trace/otlp-fast';
import { TraceReader } from '@/lib/bundle/trace/reader';
import type { Span } from '@/lib/bundle/trace/model';
import { generateGatewayTrace, makeBundle } from '@/test/support/make-bundle';
import { CORPUS_DIR, HAS_CORPUS, tmpFile } from './helpers';

const attr = (key: string, value: unknown) => ({ key, value });
const base = {
  traceId: '5b8efff798038103d269b633813fc60c',
  startTimeUnixNano: '1795726800000630512',
  endTimeUnixNano: '1795726800153297194',
};

/** Records of the common shape (read from the bytes) and of every other shape (given back). */
const COMMON: unknown[] = [
  { ...base, spanId: 'eee19b7ec3c1b174', name: 'gateway.inbound', kind: 2, attributes: [attr('x400.queue', { stringValue: 'inbound' }), attr('x400.recipients', { intValue: '3' })], status: { code: 0 } },
  { ...base, spanId: 'EEE19B7EC3C1B175', parentSpanId: 'eee19b7ec3c1b174', name: 'mta.transfer', kind: 'SPAN_KIND_CLIENT', attributes: [attr('user.email', { stringValue: 'jane.doe@example.com' }), attr('x400.error.code', { stringValue: 'X400-2203' })], status: { code: 2, message: 'recipient unknown: call +44 20 7946 0958' } },
  { spanId: 'eee19b7ec3c1b176', traceId: base.traceId, name: 'directory.lookup', startTimeUnixNano: 1795726800000630, endTimeUnixNano: 1795726800000631, attributes: [{ value: { stringValue: 'bob.smith@example.org' }, key: 'owner' }, attr('ratio', { doubleValue: 0.25 }), attr('ok', { boolValue: true }), attr('big', { intValue: '92233720368547758070' }), attr('n', { intValue: 7 })], status: { code: 'STATUS_CODE_ERROR' }, traceState: 'vendor=abc', flags: 1, droppedAttributesCount: 0, events: [], links: [] },
  { ...base, spanId: 'W+Gbfs7BsXQ=', name: 'base64 id' },
  { ...base, spanId: 'fff19b7ec3c1b176' }, // no name: kept, named ''
  { ...base, spanId: 'eee19b7ec3c1b177', parentSpanId: '', name: 'relay.hop', attributes: [attr('net.peer.name', { stringValue: 'relais-été.example' }), attr('password', { stringValue: 'hunter2-hunter2' }), attr('x400.size', { intValue: 4111111111111111 })], status: {} },
];
const OTHER: unknown[] = [
  { ...base, spanId: 'fff19b7ec3c1b170', name: 'with "quotes" escaped', attributes: [] },
  { ...base, spanId: 'fff19b7ec3c1b171', name: 'events', events: [{ timeUnixNano: '1795726800000630600', name: 'exception', attributes: [attr('exception.message', { stringValue: 'mail to jane@example.com failed' })] }] },
  { ...base, spanId: 'fff19b7ec3c1b172', name: 'links', links: [{ traceId: base.traceId, spanId: 'eee19b7ec3c1b174' }] },
  { ...base, spanId: 'fff19b7ec3c1b173', name: 'unknown member', custom: { '1': 'one', b: 'jane.doe@example.com' } },
  { ...base, spanId: 'fff19b7ec3c1b174', name: 'array value', attributes: [attr('hosts', { arrayValue: { values: [{ stringValue: '10.1.2.3' }] } })] },
  { traceId: base.traceId, name: 'no span id' },
];

/** `{"resourceSpans":[…]}` with the records, compact or pretty-printed (compact: with a repeated member in the first). */
function traceText(records: unknown[], pretty: boolean): string {
  const doc = {
    resourceSpans: [{
      resource: { attributes: [attr('service.name', { stringValue: 'x400-gateway' })] },
      scopeSpans: [{ scope: { name: 'x400' }, spans: records }],
    }],
  };
  let text = pretty ? JSON.stringify(doc, null, 2) : JSON.stringify(doc);
  // a repeated member: JSON.parse keeps the last value; the byte reader gives the record back
  text = text.replace('"name":"gateway.inbound"', '"name":"gateway.inbound","name":"gateway.again"');
  return text;
}

function readSpans(text: string, fast: boolean, chunk: number) {
  const check = new RedactionCheck(1000);
  const reader = fast ? new OtlpFastReader(check) : undefined;
  const spans: Span[] = [];
  const r = new TraceReader({
    maxDepth: 64,
    onSpan: (s) => spans.push(s),
    onPiece: (p, v) => check.scanValue('trace.json', p, v),
    onKey: (p, k) => check.scanKey('trace.json', p, k),
    fast: reader,
  });
  const buf = Buffer.from(text);
  for (let i = 0; i < buf.length; i += chunk) r.push(buf.subarray(i, i + chunk));
  r.finish();
  return { spans, report: check.report(), read: reader?.read ?? 0, givenBack: reader?.givenBack ?? 0, skipped: r.skipped };
}

describe('the byte-level OTLP span reader', () => {
  for (const pretty of [false, true]) {
    it(`reads common records itself and gives the others back, with the same spans and findings (${pretty ? 'pretty' : 'compact'})`, () => {
      const text = traceText([...COMMON, ...OTHER], pretty);
      const general = readSpans(text, false, 1 << 20);
      const fast = readSpans(text, true, 1 << 20);
      const repeated = pretty ? 0 : 1; // compact: the first record has a repeated member
      expect(fast.read).toBe(COMMON.length - repeated);
      expect(fast.givenBack).toBe(OTHER.length + repeated);
      expect(fast.spans).toEqual(general.spans);
      expect(fast.report).toEqual(general.report);
      expect(fast.skipped).toBe(general.skipped);
      // what the general reader finds, the byte reader finds: an email in a value given before its
      // key, a phone in a status message, a password by its key, the card-like size is not a card
      const pointers = fast.report.findings.map((f) => `${f.category} ${f.pointer}`);
      expect(pointers).toContain('email /resourceSpans/0/scopeSpans/0/spans/1/attributes/0/value/stringValue');
      expect(pointers).toContain('email /resourceSpans/0/scopeSpans/0/spans/2/attributes/0/value/stringValue');
      expect(pointers).toContain('phone_number /resourceSpans/0/scopeSpans/0/spans/1/status/message');
      expect(pointers).toContain('password /resourceSpans/0/scopeSpans/0/spans/5/attributes/1/value/stringValue');
      expect(fast.report.counts.credit_card).toBeUndefined();
      expect(fast.spans.find((s) => s.spanId === 'eee19b7ec3c1b175')).toMatchObject({ kind: 'client', status: { code: 'error' }, attributes: { 'x400.error.code': 'X400-2203' } });
      expect(fast.spans.find((s) => s.spanId === 'eee19b7ec3c1b176')).toMatchObject({ startNs: 1795726800000630n, attributes: { ok: true, ratio: 0.25, big: '92233720368547758070', n: 7 } });
    });
  }

  it('gives the same spans at every chunk boundary', () => {
    const text = traceText([...COMMON, ...OTHER, ...COMMON], false);
    const whole = readSpans(text, false, 1 << 20);
    for (const chunk of [7, 64, 333, 1000]) {
      const cut = readSpans(text, true, chunk);
      expect(cut.spans).toEqual(whole.spans);
      expect(cut.report).toEqual(whole.report);
    }
  });

  it('refuses JSON that JSON.parse refuses, naming where', async () => {
    const bad = traceText(COMMON, false).replace('"kind":2', '"kind":02');
    const { fileName, buffer } = makeBundle({ trace: bad });
    const report = await inspectBundle(tmpFile(fileName, buffer), { threads: 1 });
    expect(report.valid).toBe(false);
    expect(report.problems[0]).toMatchObject({ code: 'MALFORMED_JSON', entry: 'trace.json' });
  });
});

describe('the byte-level OTLP span reader on mutated records', () => {
  // Random edits (JSON's structural characters, escapes, control bytes, non-ASCII, digits) to a
  // record of the common shape: both readers give the same spans and findings, or the same error.
  const record = JSON.stringify({ ...base, spanId: 'eee19b7ec3c1b174', parentSpanId: 'aee19b7ec3c1b174', name: 'gateway.inbound', kind: 2, attributes: [attr('x400.queue', { stringValue: 'jane@example.com' }), attr('n', { intValue: '3' }), attr('d', { doubleValue: 1500 }), attr('b', { boolValue: false })], status: { code: 2, message: 'call +44 20 7946 0958' }, events: [], links: [] });
  const alphabet = ['{', '}', '[', ']', '"', ',', ':', '\\', ' ', '\n', '0', '1', '-', '.', 'e', 'a', 't', 'n', 'u', 'l', 'f', '\u0001', 'é', '@'];

  function outcome(text: string, fast: boolean, cut: number) {
    const check = new RedactionCheck(50);
    const spans: Span[] = [];
    const reader = new TraceReader({
      maxDepth: 64,
      onSpan: (span) => spans.push(span),
      onPiece: (p, v) => check.scanValue('trace.json', p, v),
      onKey: (p, k) => check.scanKey('trace.json', p, k),
      fast: fast ? new OtlpFastReader(check) : undefined,
    });
    try {
      const buf = Buffer.from(text);
      reader.push(buf.subarray(0, cut));
      reader.push(buf.subarray(cut));
      reader.finish();
    } catch (err) {
      return { error: (err as Error).message };
    }
    return { spans, report: check.report() };
  }

  it('agrees with the general reader on 3000 mutations, cut at random places', () => {
    let seed = 13;
    const random = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    let stillValid = 0;
    for (let n = 0; n < 3000; n++) {
      let r = record;
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) {
        const at = Math.floor(random() * r.length);
        const ch = alphabet[Math.floor(random() * alphabet.length)];
        const op = random();
        r = op < 0.33 ? r.slice(0, at) + ch + r.slice(at) : op < 0.66 ? r.slice(0, at) + r.slice(at + 1) : r.slice(0, at) + ch + r.slice(at + 1);
      }
      const doc = `{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[${r},${record}]}]}]}`;
      const cut = 1 + Math.floor(random() * Buffer.byteLength(doc));
      const general = outcome(doc, false, cut);
      if (!('error' in general)) stillValid++;
      expect(outcome(doc, true, cut), r).toEqual(general);
    }
    expect(stillValid).toBeGreaterThan(500); // the edits leave many records valid, not only broken ones
  });
});

describe('inspect with and without the byte-level reader', () => {
  const same = async (trace: string | Buffer, chunk?: number) => {
    const { fileName, buffer } = makeBundle({ trace });
    const file = tmpFile(fileName, buffer);
    const fast = await inspectBundle(file, { threads: 1, traceChunkBytes: chunk });
    const general = await inspectBundle(file, { threads: 1, traceChunkBytes: chunk, fastRecords: false });
    expect(JSON.stringify(fast)).toBe(JSON.stringify(general));
    return fast;
  };

  const corpus = HAS_CORPUS ? readdirSync(CORPUS_DIR).filter((f) => f.endsWith('.json')) : [];
  it.skipIf(!HAS_CORPUS).each(corpus)('gives the same report on corpus trace %s', async (f) => {
    const report = await same(readFileSync(join(CORPUS_DIR, f)));
    expect(report.metrics.spans).toBeGreaterThan(0);
  });

  it('gives the same report on a gateway trace with planted personal data, at several chunk sizes', async () => {
    const trace = [...generateGatewayTrace({ spans: 2000, errorRate: 0.2, seed: 9 })].join('')
      .replaceAll('mta2.example.net', 'jane.doe@example.com')
      .replace(/mta3\.example\.net/g, () => '+44 20 7946 0958');
    for (const chunk of [1500, 65_536, undefined]) {
      const report = await same(trace, chunk);
      expect(report.redaction.clean).toBe(false);
      expect(report.metrics.spans).toBe(2000);
    }
  });
});
