// Reads a dropped file in the browser with JSZip (the design card's choice) before it is uploaded:
// the entry list and metadata.json only, judged by lib/bundle/precheck.ts. A wrong name is refused
// before the file is even opened.
import JSZip from 'jszip';
import { precheckBundle, precheckName, type Precheck } from '@/lib/bundle/precheck';

/** JSZip holds the whole archive in memory: past this, only the name and the zip signature are checked here. */
const BROWSER_CHECK_MAX_BYTES = 256 * 1024 * 1024;

export type BrowserPrecheck = Precheck | { ok: true; large: true; fileName: string };

async function looksLikeZip(file: File): Promise<boolean> {
  const head = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  return head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04;
}

export async function precheckBundleFile(file: File): Promise<BrowserPrecheck> {
  const byName = precheckName(file.name);
  if (byName) return byName;
  if (file.size === 0) return { ok: false, reason: `${file.name} is empty.` };
  if (!(await looksLikeZip(file))) return { ok: false, reason: `${file.name} is not a zip archive.` };
  if (file.size > BROWSER_CHECK_MAX_BYTES) return { ok: true, large: true, fileName: file.name };
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(file);
  } catch {
    return precheckBundle({ fileName: file.name, entries: null, metadataText: null });
  }
  const entries = Object.values(zip.files)
    .filter((f) => !f.dir)
    // JSZip keeps the central directory's sizes on an internal field; nothing is inflated for them.
    .map((f) => ({ name: f.name, size: (f as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0 }));
  const meta = zip.file('metadata.json');
  let metadataText: string | null = null;
  if (meta && entries.find((e) => e.name === 'metadata.json')!.size <= 1024 * 1024) {
    try {
      metadataText = await meta.async('string');
    } catch {
      return { ok: false, reason: 'metadata.json cannot be read from the archive (corrupt entry).' };
    }
  }
  return precheckBundle({ fileName: file.name, entries, metadataText });
}
