// The ticket page's pre-upload check, on archives read with JSZip as the browser does.
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { makeBundle } from '@/test/support/make-bundle';
import { precheckBundle, precheckName } from '@/lib/bundle/precheck';

async function read(fileName: string, buffer: Buffer) {
  const zip = await JSZip.loadAsync(buffer);
  const entries = Object.values(zip.files).map((f) => ({ name: f.name, size: (f as unknown as { _data: { uncompressedSize: number } })._data.uncompressedSize }));
  return precheckBundle({ fileName, entries, metadataText: (await zip.file('metadata.json')?.async('string')) ?? null });
}

describe('pre-upload check', () => {
  it('shows id, channel, created time, consent, retention and entry sizes of a good bundle', async () => {
    const b = makeBundle({ logs: [{ ts: '2026-11-26T21:00:00Z', level: 'info', msg: 'x', attrs: {} }] });
    const check = await read(b.fileName, b.buffer);
    expect(check).toMatchObject({ ok: true, bundleId: b.metadata.bundleId, channel: 'cli', createdAt: '2026-11-26T21:58:03.120Z', consent: { granted: true }, retentionDays: 30 });
    if (!check.ok) return;
    expect(check.entries.map((e) => e.name).sort()).toEqual(['logs.ndjson', 'metadata.json', 'snapshot.json', 'trace.json']);
    const metadataText = await (await JSZip.loadAsync(b.buffer)).file('metadata.json')!.async('string');
    expect(check.entries.find((e) => e.name === 'metadata.json')!.size).toBe(Buffer.byteLength(metadataText));
  });

  it('refuses a wrong name before reading, a non-zip, a zip without the bundle entries, and a name that disagrees with metadata', async () => {
    expect(precheckName('notes.txt')).toMatchObject({ ok: false, reason: expect.stringMatching(/not a bundle name/) });
    expect(precheckBundle({ fileName: 'trace-20261126T215803Z-cli.zip', entries: null, metadataText: null })).toMatchObject({ ok: false, reason: expect.stringMatching(/not a zip/) });
    const other = new JSZip();
    other.file('readme.txt', 'hello');
    const buf = await other.generateAsync({ type: 'nodebuffer' });
    expect(await read('trace-20261126T215803Z-cli.zip', buf)).toMatchObject({ ok: false, reason: expect.stringMatching(/metadata\.json, snapshot\.json, trace\.json missing/) });
    const b = makeBundle({});
    expect(await read('trace-20261126T215803Z-ui.zip', b.buffer)).toMatchObject({ ok: false, reason: expect.stringMatching(/channel/) });
  });

  it('reports missing consent without refusing (the server quarantines such bundles)', async () => {
    const b = makeBundle({ metadata: { telemetry: { enabled: false } } });
    expect(await read(b.fileName, b.buffer)).toMatchObject({ ok: true, consent: { granted: false, reason: 'telemetry.enabled is not true' } });
  });
});
