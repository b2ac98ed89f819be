// Cross-check of the engine's two doors: whatever the share rewriter writes, the inspection's
// redaction check finds clean. Bundles carry planted data (test/share/planted.ts) and every
// positive case of the labelled sets, under its key, in every kind of entry; the rewriter is fed
// the bytes split at every offset (small inputs) or at random offsets (big ones).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateGatewayTrace, seededRandom, writeBundle } from '@/test/support/make-bundle';
import { inspectBundle } from '@/lib/bundle/inspect';
import { RedactionCheck } from '@/lib/bundle/redaction';
import { JsonRedactor, NdjsonRedactor, StringRedactor } from '@/lib/share/redactor';
import { sanitizeBundle } from '@/lib/share/sanitize';
import { plantedTrace, RAW, writePlantedBundle } from '../share/planted';
import { loadCases } from './cases';

const positives = loadCases().filter((c) => c.expect.length > 0);

/** An OTLP trace: generated spans, then one span per 16 labelled positives as its attributes. */
function labelledTrace(spans: number): string {
  const base = JSON.parse([...generateGatewayTrace({ spans, seed: 13 })].join('')) as {
    resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[];
  };
  const list = base.resourceSpans[0].scopeSpans[0].spans;
  const template = list[0];
  for (let i = 0; i < positives.length; i += 16) {
    const attributes = positives.slice(i, i + 16).map((c, j) =>
      // every third attribute has its "value" before its "key"
      j % 3 === 2
        ? { value: { stringValue: c.text }, key: c.key ?? 'log.message' }
        : { key: c.key ?? 'log.message', value: { stringValue: c.text } },
    );
    list.push({ ...template, spanId: (0x1000 + i).toString(16).padStart(16, '0'), attributes });
  }
  return JSON.stringify(base);
}

/** Runs the JSON rewriter over `bytes` cut at `cuts` (sorted offsets). */
function rewrite(bytes: Buffer, cuts: number[], kind: 'json' | 'ndjson' = 'json'): string {
  const out: Buffer[] = [];
  const strings = new StringRedactor();
  const sink = (b: Buffer) => out.push(Buffer.from(b));
  const r = kind === 'json' ? new JsonRedactor(strings, sink, 'x.json') : new NdjsonRedactor(strings, sink, 'x.ndjson');
  let from = 0;
  for (const c of [...cuts, bytes.length]) {
    r.write(bytes.subarray(from, c));
    from = c;
  }
  r.end();
  return Buffer.concat(out).toString('utf8');
}

/** The inspection's redaction check over one parsed JSON document. */
function inspectJson(text: string): { clean: boolean; findings: string[] } {
  const check = new RedactionCheck(50);
  check.scanValue('x.json', [], JSON.parse(text));
  const r = check.report();
  return { clean: r.clean, findings: r.findings.map((f) => `${f.category} at ${f.pointer}: ${f.preview}`) };
}

describe('sanitized share output inspects clean', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-pii-cross-'));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('a small document: the same output and a clean inspection for a cut at every offset', () => {
    const doc = Buffer.from(
      JSON.stringify({
        resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: 'a087eaf300b349c98706c4ebfb2627fd', attributes: [
          { value: { stringValue: RAW.latePassword }, key: 'db.password' },
          { key: 'user.email', value: { stringValue: RAW.attrEmail } },
          { key: 'http.request.header.cookie', value: { stringValue: 'JSESSIONID=3D0D7AB3B33F2D641326160C76E15398; theme=dark' } },
          { key: 'x400.originator', value: { stringValue: 'X400:C=US;A= ;P=Contoso;O=Exchange;S=Okonkwo;G=Adaeze;' } },
          { key: 'http.response.body.size', value: { intValue: '4111111111111111' } },
        ] }] }] }],
        [RAW.keyEmail]: `quote " and \\ escapes ${RAW.escaped} \u00e9 ${RAW.card}`,
      }),
    );
    const reference = rewrite(doc, []);
    expect(inspectJson(doc.toString()).clean).toBe(false);
    expect(inspectJson(reference)).toEqual({ clean: true, findings: [] });
    for (let i = 1; i < doc.length; i++) expect(rewrite(doc, [i]), `cut at ${i}`).toBe(reference);
    // and every pair of nearby cuts (a token split into three pieces)
    for (let i = 1; i < doc.length - 3; i += 7) expect(rewrite(doc, [i, i + 2]), `cuts at ${i}, ${i + 2}`).toBe(reference);
  });

  it('every labelled positive, planted in a trace: clean for random chunkings', () => {
    const doc = Buffer.from(labelledTrace(200));
    const before = inspectJson(doc.toString());
    expect(before.clean).toBe(false);
    const reference = rewrite(doc, []);
    const after = inspectJson(reference);
    expect(after.findings).toEqual([]);
    const rand = seededRandom(4711);
    for (let round = 0; round < 12; round++) {
      const cuts: number[] = [];
      // chunk sizes from 1 byte to 64 KiB, mixed
      for (let at = 0; ; ) {
        at += 1 + Math.floor(rand() ** 3 * 65536);
        if (at >= doc.length) break;
        cuts.push(at);
      }
      expect(rewrite(doc, cuts) === reference, `round ${round}: ${cuts.length} cuts`).toBe(true);
    }
  });

  it('ndjson: planted lines, cut at every offset, give the same output', () => {
    const lines = Buffer.from(
      `${JSON.stringify({ msg: `login failed for ${RAW.email}`, cookie: 'Cookie: PHPSESSID=axjjkzmz28v78r4putwlatgyin' })}\n` +
        `not json ${RAW.ip} at all\n` +
        `${JSON.stringify({ value: { stringValue: RAW.password }, key: 'password' })}\n`,
    );
    const reference = rewrite(lines, [], 'ndjson');
    expect(reference).not.toContain(RAW.email);
    expect(reference).not.toContain(RAW.password);
    for (let i = 1; i < lines.length; i++) expect(rewrite(lines, [i], 'ndjson'), `cut at ${i}`).toBe(reference);
  });

  it('whole bundles: the sanitized zip of a planted bundle inspects clean', async () => {
    const planted = writePlantedBundle(dir);
    const labelled = writeBundle(fs.mkdtempSync(path.join(dir, 'b-')), {
      trace: labelledTrace(50),
      logs: positives.slice(0, 120).map((c, i) => ({ ts: '2026-11-26T21:40:00Z', level: 'info', msg: c.text, [c.key ?? 'detail']: c.text, n: i })),
      config: { contacts: positives.slice(120, 200).map((c) => ({ [c.key ?? 'note']: c.text })) },
      extraEntries: { 'notes.txt': positives.map((c) => c.text.replace(/\n/g, ' ')).join('\n') + '\n' },
    });
    for (const b of [planted, labelled]) {
      const before = await inspectBundle(b.path);
      expect(before.redaction.clean).toBe(false);
      const out = path.join(path.dirname(b.path), `sanitized-${path.basename(b.path)}`);
      await sanitizeBundle(b.path, out);
      const after = await inspectBundle(out);
      expect(after.redaction.findings.map((f) => `${f.entry} ${f.pointer} ${f.category} ${f.preview}`)).toEqual([]);
      expect(after.redaction.clean).toBe(true);
    }
    expect(plantedTrace()).toContain(RAW.jwt);
  });
});
