import { describe, expect, it } from 'vitest';
import { inspectBundle, inspectExitCode, type InspectReport } from '@/lib/bundle/inspect';
import { makeBundle } from '@/test/support/make-bundle';
import { GOOD_NAME, goodEntries, goodMetadata, rawZip, SMALL_SNAPSHOT, SMALL_TRACE, tmpFile, type RawEntry } from './helpers';

async function inspectRaw(entries: RawEntry[], name = GOOD_NAME, zip64 = false, limits = {}): Promise<InspectReport> {
  return inspectBundle(tmpFile(name, rawZip(entries, { zip64 })), { limits });
}

function codes(r: InspectReport): string[] {
  return r.problems.map((p) => p.code);
}

function expectRefused(r: InspectReport, code: string, exit: 2 | 3 = 2): void {
  expect(codes(r)).toContain(code);
  expect(r.valid).toBe(false);
  expect(inspectExitCode(r)).toBe(exit);
}

describe('hostile bundles', () => {
  it('accepts a well-formed raw zip, and the same as ZIP64', async () => {
    const r = await inspectRaw(goodEntries());
    expect(r.problems).toEqual([]);
    expect(r.metrics.spans).toBe(1);
    const r64 = await inspectRaw(goodEntries(), GOOD_NAME, true);
    expect(r64.problems).toEqual([]);
    expect(r64.metrics.spans).toBe(1);
  });

  it('empty file', async () => expectRefused(await inspectBundle(tmpFile(GOOD_NAME, '')), 'EMPTY_FILE'));
  it('not a zip', async () => expectRefused(await inspectBundle(tmpFile(GOOD_NAME, 'hello, this is not a zip file at all')), 'NOT_A_ZIP'));
  it('truncated zip', async () => {
    const full = rawZip(goodEntries());
    expectRefused(await inspectBundle(tmpFile(GOOD_NAME, full.subarray(0, Math.floor(full.length * 0.6)))), 'TRUNCATED');
  });
  it('bad file names', async () => {
    for (const name of ['bundle.zip', 'trace-20261126T215803Z-web.zip', 'trace-2026112T215803Z-cli.zip', 'trace-179573028300-ui.zip', 'trace-20261126T215803Z-CLI.zip']) {
      expectRefused(await inspectRaw(goodEntries(), name), 'BAD_FILE_NAME');
    }
  });
  it('accepts the epoch-ms file name form', async () => {
    const r = await inspectRaw([{ name: 'metadata.json', data: goodMetadata({ createdAt: '2026-11-26T21:58:03.000Z', channel: 'ui' }) }, ...goodEntries().slice(1)], 'trace-1795730283000-ui.zip');
    expect(r.problems).toEqual([]);
  });
  for (const name of ['../evil.json', '/etc/passwd', 'a\\..\\b.json', 'C:/x.json', 'x/../../y.json']) {
    it(`zip slip: ${name}`, async () => expectRefused(await inspectRaw([...goodEntries(), { name, data: '{}' }]), 'ZIP_SLIP'));
  }
  it('symlink entry', async () => expectRefused(await inspectRaw([...goodEntries(), { name: 'link', data: '/etc/passwd', method: 0, externalAttrs: (0o120777 << 16) >>> 0 }]), 'SYMLINK'));
  it('encrypted entry', async () => expectRefused(await inspectRaw([{ ...goodEntries()[0] }, goodEntries()[1], { name: 'trace.json', data: SMALL_TRACE, flags: 1 }]), 'ENCRYPTED'));
  it('duplicate entry', async () => expectRefused(await inspectRaw([...goodEntries(), { name: 'trace.json', data: SMALL_TRACE }]), 'DUPLICATE_ENTRY'));
  it('directory entry', async () => expectRefused(await inspectRaw([...goodEntries(), { name: 'logs/', data: '', method: 0 }]), 'DIRECTORY_ENTRY'));
  it('nested archive by name', async () => expectRefused(await inspectRaw([...goodEntries(), { name: 'more.zip', data: 'x' }]), 'NESTED_ARCHIVE'));
  it('nested archive by magic bytes', async () => {
    const inner = rawZip(goodEntries());
    expectRefused(await inspectRaw([...goodEntries(), { name: 'notes.txt', data: inner, method: 0 }]), 'NESTED_ARCHIVE');
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]) , method: 0 }]), 'NESTED_ARCHIVE');
  });
  it('unsupported compression method', async () => {
    const buf = rawZip(goodEntries());
    // patch trace.json's method in the central directory to 12 (bzip2)
    const cd = buf.lastIndexOf(Buffer.from('trace.json')) - 46;
    buf.writeUInt16LE(12, cd + 10);
    expectRefused(await inspectBundle(tmpFile(GOOD_NAME, buf)), 'UNSUPPORTED_COMPRESSION');
  });
  it('entry too large by declared size', async () => {
    expectRefused(await inspectRaw(goodEntries(), GOOD_NAME, false, { maxEntryBytes: 10 }), 'ENTRY_TOO_LARGE');
  });
  it('entry too large by actual size (lying header), stopped while inflating', async () => {
    const big = 'x'.repeat(3 * 1024 * 1024);
    const r = await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: big, declaredSize: 100 }], GOOD_NAME, false, { maxTraceBytes: 1024 * 1024, maxRatio: 100000 });
    expect(codes(r).some((c) => c === 'ENTRY_TOO_LARGE' || c === 'SIZE_MISMATCH')).toBe(true);
    expect(r.valid).toBe(false);
  });
  it('zip bomb by declared ratio', async () => {
    const zeros = Buffer.alloc(20 * 1024 * 1024);
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: zeros }]), 'ZIP_BOMB');
  });
  it('zip bomb by actual ratio, aborted early while streaming', async () => {
    // Valid JSON start, then 64 MiB of spaces, declared as 1 MiB: the header lies, the stream tells.
    const bomb = Buffer.concat([Buffer.from('{"resourceSpans":['), Buffer.alloc(64 * 1024 * 1024, 0x20)]);
    const r = await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: bomb, declaredSize: 1024 * 1024 }], GOOD_NAME, false, { maxRatio: 200 });
    expect(codes(r).some((c) => c === 'ZIP_BOMB' || c === 'SIZE_MISMATCH'), JSON.stringify(r.problems)).toBe(true);
    expect(r.valid).toBe(false);
  });
  it('too many entries', async () => {
    const many = Array.from({ length: 70 }, (_, i) => ({ name: `extra-${i}.txt`, data: 'x' }));
    expectRefused(await inspectRaw([...goodEntries(), ...many]), 'TOO_MANY_ENTRIES');
  });
  it('CRC mismatch', async () => expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: SMALL_TRACE, crc: 1234 }]), 'CRC_MISMATCH'));
  for (const missing of ['metadata.json', 'snapshot.json', 'trace.json']) {
    it(`missing ${missing}`, async () => expectRefused(await inspectRaw(goodEntries().filter((e) => e.name !== missing)), 'MISSING_ENTRY'));
  }
  it('malformed JSON in trace.json and metadata.json', async () => {
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: '{"resourceSpans": [ {"scopeSpans": [ {"spans": [ {"traceId": "ab' }]), 'MALFORMED_JSON');
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: '{not json' }, ...goodEntries().slice(1)]), 'MALFORMED_JSON');
    expectRefused(await inspectRaw([goodEntries()[0], { name: 'snapshot.json', data: '{"series": [1,]}' }, goodEntries()[2]]), 'MALFORMED_JSON');
  });
  it('10,000-level nested JSON in every JSON entry', async () => {
    const deep = '['.repeat(10000) + ']'.repeat(10000);
    const deepObj = '{"a":'.repeat(10000) + '1' + '}'.repeat(10000);
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: deep }]), 'JSON_TOO_DEEP');
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: `{"resourceSpans":[{"scopeSpans":[{"spans":[${deepObj}]}]}]}` }]), 'JSON_TOO_DEEP');
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: deepObj }, ...goodEntries().slice(1)]), 'JSON_TOO_DEEP');
    expectRefused(await inspectRaw([goodEntries()[0], { name: 'snapshot.json', data: deep }, goodEntries()[2]]), 'JSON_TOO_DEEP');
  });
  it('metadata invalid', async () => {
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: goodMetadata({ bundleId: 'nope' }) }, ...goodEntries().slice(1)]), 'METADATA_INVALID');
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: '[]' }, ...goodEntries().slice(1)]), 'METADATA_INVALID');
  });
  it('file name / metadata mismatch (time to the second, channel)', async () => {
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: goodMetadata({ createdAt: '2026-11-26T21:58:04.000Z' }) }, ...goodEntries().slice(1)]), 'METADATA_MISMATCH');
    expectRefused(await inspectRaw([{ name: 'metadata.json', data: goodMetadata({ channel: 'ui' }) }, ...goodEntries().slice(1)]), 'METADATA_MISMATCH');
  });
  describe('consent', () => {
    const cases: [string, Record<string, unknown>][] = [
      ['telemetry absent', { telemetry: undefined }],
      ['enabled false', { telemetry: { enabled: false, consentedAt: '2026-11-20T10:00:00Z' } }],
      ['enabled "true" (string)', { telemetry: { enabled: 'true', consentedAt: '2026-11-20T10:00:00Z' } }],
      ['consentedAt absent', { telemetry: { enabled: true } }],
      ['consentedAt unparseable', { telemetry: { enabled: true, consentedAt: 'last week' } }],
      ['consentedAt after createdAt', { telemetry: { enabled: true, consentedAt: '2026-11-26T21:58:03.121Z' } }],
    ];
    for (const [label, over] of cases) {
      it(`refused: ${label}; nothing but metadata is read`, async () => {
        // trace.json is garbage: reading it would add a MALFORMED_JSON problem
        const r = await inspectRaw([{ name: 'metadata.json', data: goodMetadata(over) }, goodEntries()[1], { name: 'trace.json', data: 'garbage' }]);
        expectRefused(r, 'NO_CONSENT', 3);
        expect(r.consent.granted).toBe(false);
        expect(r.entriesRead).toEqual(['metadata.json']);
        expect(r.metrics.spans).toBe(0);
      });
    }
    it('granted when consentedAt equals createdAt', async () => {
      const r = await inspectRaw([{ name: 'metadata.json', data: goodMetadata({ telemetry: { enabled: true, consentedAt: '2026-11-26T21:58:03.120Z' } }) }, ...goodEntries().slice(1)]);
      expect(r.consent.granted).toBe(true);
      expect(r.valid).toBe(true);
    });
  });
  it('unsupported trace format', async () => {
    expectRefused(await inspectRaw([goodEntries()[0], goodEntries()[1], { name: 'trace.json', data: '{"hello": "world"}' }]), 'UNSUPPORTED_TRACE_FORMAT');
  });
  it('invalid snapshot', async () => {
    expectRefused(await inspectRaw([goodEntries()[0], { name: 'snapshot.json', data: '{"series":[{"name":"q","points":[["x",1]]}]}' }, goodEntries()[2]]), 'SNAPSHOT_INVALID');
  });
  it('logs.ndjson: bad line reported with its line number', async () => {
    const r = await inspectRaw([...goodEntries(), { name: 'logs.ndjson', data: '{"ts":"2026-11-26T21:00:00Z","level":"info","msg":"ok","attrs":{}}\n{broken\n' }]);
    expectRefused(r, 'MALFORMED_JSON');
    expect(r.problems.find((p) => p.code === 'MALFORMED_JSON')!.line).toBe(2);
  });
  it('extra entries are listed, not refused', async () => {
    const { fileName, buffer } = makeBundle({ extraEntries: { 'README.txt': 'hello' }, snapshot: JSON.parse(SMALL_SNAPSHOT) });
    const r = await inspectBundle(tmpFile(fileName, buffer));
    expect(r.valid).toBe(true);
    expect(r.extraEntries).toEqual(['README.txt']);
  });
});
