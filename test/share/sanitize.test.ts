import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { writeBundle } from '@/test/support/make-bundle';
import type { InspectReport } from '@/lib/bundle/inspect';
import { inspectBundle } from '@/lib/bundle/inspect';
import { JsonRedactor, NdjsonRedactor, rewriteElements, StringRedactor, type RedactionCounts, type RewriteHelper } from '@/lib/share/redactor';
import { INSPECT_REPORT_ENTRY, sanitizeBundle } from '@/lib/share/sanitize';
import { allText, plantedTrace, RAW, SPAN_ID, START_NANO, TRACE_ID, writePlantedBundle } from './planted';
import { AppError } from '@/lib/errors';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-sanitize-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const REDACTED = /\[redacted:[a-z_]+\]/;

/** Same shape, same numbers/booleans/nulls; a string is either unchanged or carries a marker. */
function expectSameStructure(original: unknown, sanitized: unknown, where = '$'): void {
  if (typeof original === 'string') {
    expect(typeof sanitized, where).toBe('string');
    if (sanitized !== original) expect(sanitized, where).toMatch(REDACTED);
    return;
  }
  if (Array.isArray(original)) {
    expect(Array.isArray(sanitized), where).toBe(true);
    expect((sanitized as unknown[]).length, where).toBe(original.length);
    original.forEach((v, i) => expectSameStructure(v, (sanitized as unknown[])[i], `${where}[${i}]`));
    return;
  }
  if (typeof original === 'object' && original !== null) {
    const a = Object.entries(original);
    const b = Object.entries(sanitized as Record<string, unknown>);
    expect(b.length, where).toBe(a.length);
    a.forEach(([k, v], i) => {
      const [k2, v2] = b[i];
      if (k2 !== k) expect(k2, `${where} key`).toMatch(REDACTED);
      expectSameStructure(v, v2, `${where}.${k}`);
    });
    return;
  }
  expect(sanitized, where).toStrictEqual(original);
}

function rewriteJson(text: string, chunkSize: number, strings = new StringRedactor()): string {
  const out: Buffer[] = [];
  const r = new JsonRedactor(strings, (b) => out.push(Buffer.from(b)), 'test.json');
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) r.write(bytes.subarray(i, i + chunkSize));
  r.end();
  return Buffer.concat(out).toString('utf8');
}

/** A helper on this thread that answers on a later turn, as the helper thread does. */
function laterHelper(room: () => boolean = () => true): RewriteHelper & { runs: number } {
  const strings = new StringRedactor();
  const helper = {
    runs: 0,
    ready: room,
    async rewrite(entry: string, ctx: string | null, elements: Buffer): Promise<{ bytes: Buffer; counts: RedactionCounts }> {
      helper.runs++;
      await new Promise((resolve) => setImmediate(resolve));
      const before = strings.snapshot();
      const bytes = rewriteElements(strings, entry, ctx, elements);
      return { bytes, counts: strings.since(before) };
    },
  };
  return helper;
}

/** rewriteJson with a helper: a turn between chunks lets its answers arrive mid-stream. */
async function rewriteJsonWith(text: string, chunkSize: number, helper: RewriteHelper, strings = new StringRedactor()): Promise<string> {
  const out: Buffer[] = [];
  const r = new JsonRedactor(strings, (b) => out.push(Buffer.from(b)), 'test.json', null, helper);
  const bytes = Buffer.from(text, 'utf8');
  for (let i = 0; i < bytes.length; i += chunkSize) {
    r.write(bytes.subarray(i, i + chunkSize));
    await new Promise((resolve) => setImmediate(resolve));
  }
  r.end();
  await r.finish();
  return Buffer.concat(out).toString('utf8');
}

describe('JsonRedactor with a helper for runs of elements', () => {
  const text = JSON.stringify({
    trace: JSON.parse(plantedTrace()) as unknown,
    // scalars and arrays between the objects end a run; a "value" before its "key" stays here
    mixed: [{ a: RAW.email }, { x: 1 }, RAW.email, { b: 1 }, [RAW.ip, { c: RAW.password }], { password: RAW.password }, { d: RAW.card }, 7, { e: RAW.jwt }],
    attributes: [{ key: 'x', value: { stringValue: 'y' } }, { value: { arrayValue: { values: [{ stringValue: RAW.latePassword }, { stringValue: 'z' }] } }, key: 'db.password' }, { key: 'user.email', value: { stringValue: RAW.attrEmail } }],
  });

  it('writes the same bytes and counts as the rewrite alone, whatever the chunk boundaries and however much the helper takes', async () => {
    const alone = new StringRedactor();
    const whole = rewriteJson(text, text.length, alone);
    expect(whole).not.toContain(RAW.email);
    for (const size of [text.length, 4096, 333, 64, 7]) {
      for (const [name, room] of [['always', () => true], ['every other chunk', ((n) => () => n++ % 2 === 0)(0)]] as const) {
        const helper = laterHelper(room);
        const strings = new StringRedactor();
        expect(await rewriteJsonWith(text, size, helper, strings), `chunk ${size}, helper ${name}`).toBe(whole);
        expect(strings.counts, `chunk ${size}, helper ${name}`).toEqual(alone.counts);
        expect(helper.runs, `chunk ${size}, helper ${name}`).toBeGreaterThan(0);
      }
    }
  });

  it("fails with the helper's refusal of an element, and with its failure", async () => {
    const bad = `{"spans":[{"a":1},{"b": ${RAW.email}},{"c":2}]}`;
    await expect(rewriteJsonWith(bad, bad.length, laterHelper())).rejects.toThrow(/test\.json cannot be sanitized/);
    const broken: RewriteHelper = { ready: () => true, rewrite: () => Promise.reject(new Error('helper thread stopped')) };
    await expect(rewriteJsonWith(text, 512, broken)).rejects.toThrow('helper thread stopped');
  });
});

describe('sanitizeBundle', () => {
  it('replaces every planted value by a marker, keeps JSON valid and the structure, ids and numbers intact', async () => {
    const b = writePlantedBundle(dir);
    const out = path.join(dir, 'out.zip');
    const result = await sanitizeBundle(b.path, out, { fileName: b.fileName });

    const bytes = fs.readFileSync(out);
    const text = allText(bytes);
    for (const [what, value] of Object.entries(RAW)) expect(text.includes(value), `${what} leaked`).toBe(false);
    expect(text).toContain('[redacted:email]');
    expect(text).toContain('[redacted:password]');

    const original = unzipSync(fs.readFileSync(b.path));
    const sanitized = unzipSync(bytes);
    expect(Object.keys(sanitized)).toEqual([...Object.keys(original), INSPECT_REPORT_ENTRY]);
    const json = (u: Uint8Array) => JSON.parse(Buffer.from(u).toString('utf8')) as unknown;
    for (const name of ['metadata.json', 'snapshot.json', 'trace.json', 'config.json']) {
      expectSameStructure(json(original[name]), json(sanitized[name]), name);
    }
    // metadata is clean: byte-for-byte the same
    expect(Buffer.from(sanitized['metadata.json']).equals(Buffer.from(original['metadata.json']))).toBe(true);
    expect(Buffer.from(sanitized['snapshot.json']).equals(Buffer.from(original['snapshot.json']))).toBe(true);

    const trace = json(sanitized['trace.json']) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const span = trace.resourceSpans[0].scopeSpans[0].spans.at(-1)!;
    expect(span).toMatchObject({ traceId: TRACE_ID, spanId: SPAN_ID, startTimeUnixNano: START_NANO, kind: 3, status: { code: 2 } });
    const attrs = Object.fromEntries((span.attributes as { key: string; value: Record<string, unknown> }[]).map((a) => [a.key, a.value]));
    expect(attrs['user.email']).toEqual({ stringValue: '[redacted:email]' });
    expect(attrs['user.password']).toEqual({ stringValue: '[redacted:password]' });
    expect(attrs['db.password']).toEqual({ stringValue: '[redacted:password]' });
    expect(attrs['enduser.name']).toEqual({ stringValue: '[redacted:person_name]' });
    expect(attrs['net.peer.ip']).toEqual({ stringValue: '[redacted:ip_address]' });
    expect(attrs['x400.recipients']).toEqual({ intValue: '3' });
    expect(attrs['x400.size']).toEqual({ doubleValue: 1234.5 });
    expect((span.status as { message: string }).message).toBe('unicode \u00e9 and [redacted:email] with "quotes"');
    // the rest of the generated trace (versions, service names) is untouched
    expect(Buffer.from(sanitized['trace.json']).toString()).toContain('{"key":"service.version","value":{"stringValue":"4.12.0"}}');

    const config = json(sanitized['config.json']) as Record<string, Record<string, unknown>>;
    expect(config.db).toEqual({ host: 'db.internal', port: 5432, db_password: '[redacted:password]' });
    expect(Object.keys(config.admins)).toEqual(['[redacted:email]']);

    const logs = Buffer.from(sanitized['logs.ndjson']).toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs[0]).toEqual({ ts: '2026-11-26T21:40:00Z', level: 'error', msg: 'login failed for [redacted:email] from [redacted:ip_address]', count: 3, ratio: 0.25 });
    expect(Buffer.from(sanitized['notes.txt']).toString()).toBe('customer contact [redacted:email]\ncard on file [redacted:credit_card]\nplain line\n');
    expect(Buffer.from(sanitized['extra.ndjson']).toString()).toBe('{"who":"[redacted:email]","n":1}\nnot json at all [redacted:ip_address]\n');

    const report = json(sanitized[INSPECT_REPORT_ENTRY]) as InspectReport;
    expect(report.bundleId).toBe(b.metadata.bundleId);
    expect(report.file).toBe(b.fileName);
    expect(report.redaction.clean).toBe(false);
    expect(report.redaction.findings.length).toBeGreaterThan(5);
    expect(result.report.redaction.counts.email).toBeGreaterThan(0);

    expect(result.redactions).toMatchObject({ credit_card: 2, person_name: 1 });
    expect(result.redactions.password).toBeGreaterThanOrEqual(4);
    expect(result.redactions.ip_address).toBeGreaterThanOrEqual(3);
    expect(result.redactions.email).toBeGreaterThanOrEqual(6);
  });

  it('sanitizing the sanitized copy finds nothing more', async () => {
    const b = writePlantedBundle(dir);
    const once = path.join(dir, 'once.zip');
    await sanitizeBundle(b.path, once);
    const twice = path.join(dir, 'twice.zip');
    const again = await sanitizeBundle(once, twice);
    expect(again.redactions).toEqual({});
  });

  it('gives the same output whatever the chunk boundaries', () => {
    const text = JSON.stringify({
      a: [{ key: 'user.email', value: { stringValue: RAW.email } }, { value: { stringValue: RAW.password }, key: 'db.password' }],
      'esc\\"aped': `tab\there "q" ${RAW.email} \u2603 \ud83d\ude00`,
      n: [-1.5e10, 0, true, false, null],
      [RAW.keyEmail]: { nested: { password: RAW.password } },
    }, null, 1);
    const whole = rewriteJson(text, text.length);
    for (const size of [1, 2, 3, 7, 64]) expect(rewriteJson(text, size), `chunk ${size}`).toBe(whole);
    const parsed = JSON.parse(whole) as Record<string, unknown>;
    expect(parsed.a).toEqual([{ key: 'user.email', value: { stringValue: '[redacted:email]' } }, { value: { stringValue: '[redacted:password]' }, key: 'db.password' }]);
    expect(parsed['esc\\"aped']).toBe('tab\there "q" [redacted:email] \u2603 \ud83d\ude00');
    expect(parsed.n).toEqual([-1.5e10, 0, true, false, null]);
    expect(parsed['[redacted:email]']).toEqual({ nested: { password: '[redacted:password]' } });
  });

  it('keeps unchanged strings byte for byte (escapes included)', () => {
    const text = '{"a":"caf\\u00e9","b":"x\\/y", "c" : [1,2.50,3E2]}';
    expect(rewriteJson(text, 5)).toBe(text);
  });

  it('refuses JSON with unquoted text instead of copying it out unscanned', async () => {
    expect(() => rewriteJson(`{"a": alice@example.com}`, 4)).toThrow(AppError);
    expect(() => rewriteJson(`{"a": "open`, 4)).toThrow(/ends inside a string/);
    const b = writeBundle(dir, { config: `{"contact": ${RAW.email}}` });
    const out = path.join(dir, 'out.zip');
    await expect(sanitizeBundle(b.path, out)).rejects.toThrow(/config\.json cannot be sanitized/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('writes the same sanitized copy when the rewrite runs on a thread of its own, and fails the same way', async () => {
    const b = writePlantedBundle(dir);
    const here = path.join(dir, 'here.zip');
    const threaded = path.join(dir, 'threaded.zip');
    const inThread = await sanitizeBundle(b.path, here, { fileName: b.fileName, rewriteThread: false });
    const onThread = await sanitizeBundle(b.path, threaded, { fileName: b.fileName, rewriteThread: true });
    expect(onThread.redactions).toEqual(inThread.redactions);
    expect(onThread.entries).toEqual(inThread.entries);
    const a = unzipSync(fs.readFileSync(here));
    const c = unzipSync(fs.readFileSync(threaded));
    expect(Object.keys(c)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(Buffer.from(c[name]).equals(Buffer.from(a[name])), name).toBe(true);
    for (const value of Object.values(RAW)) expect(allText(fs.readFileSync(threaded)).includes(value)).toBe(false);

    const bad = writeBundle(dir, { config: `{"contact": ${RAW.email}}` });
    const out = path.join(dir, 'bad.zip');
    const refused = await sanitizeBundle(bad.path, out, { rewriteThread: true }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).message).toMatch(/config\.json cannot be sanitized/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('takes an inspection on record instead of inspecting again, and writes the same copy with a helper thread', async () => {
    const b = writePlantedBundle(dir);
    const here = path.join(dir, 'here.zip');
    const helped = path.join(dir, 'helped.zip');
    const inThread = await sanitizeBundle(b.path, here, { fileName: b.fileName, rewriteThread: false });
    const recorded: InspectReport = { ...(await inspectBundle(b.path, { fileName: b.fileName })), file: 'as recorded.zip' };
    const withHelper = await sanitizeBundle(b.path, helped, { fileName: b.fileName, rewriteThread: true, report: recorded });
    expect(withHelper.report).toBe(recorded);
    expect(withHelper.redactions).toEqual(inThread.redactions);
    const a = unzipSync(fs.readFileSync(here));
    const c = unzipSync(fs.readFileSync(helped));
    expect(Object.keys(c)).toEqual(Object.keys(a));
    for (const name of Object.keys(a).filter((n) => n !== INSPECT_REPORT_ENTRY)) expect(Buffer.from(c[name]).equals(Buffer.from(a[name])), name).toBe(true);
    expect((JSON.parse(Buffer.from(c[INSPECT_REPORT_ENTRY]).toString()) as InspectReport).file).toBe('as recorded.zip');
  });

  it('redacts an ndjson line that is not JSON as text, counted once', () => {
    const strings = new StringRedactor();
    const out: Buffer[] = [];
    const r = new NdjsonRedactor(strings, (b) => out.push(Buffer.from(b)), 'x.ndjson');
    r.write(Buffer.from(`{"m":"${RAW.email}"}\n{"m":"${RAW.email}", broken ${RAW.ip}\nlast ${RAW.email}`));
    r.end();
    expect(Buffer.concat(out).toString()).toBe('{"m":"[redacted:email]"}\n{"m":"[redacted:email]", broken [redacted:ip_address]\nlast [redacted:email]');
    expect(strings.counts).toEqual({ email: 3, ip_address: 1 });
  });
});
