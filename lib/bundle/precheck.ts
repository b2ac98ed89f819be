// The browser's check of a dropped file before any byte is uploaded: the name, the archive's entry
// list and metadata.json, judged by the same rules the server applies (file-name.ts, metadata.ts).
// Pure: the ticket page reads the zip with JSZip and hands the pieces in.
import { parseBundleFileName } from './file-name';
import { validateMetadata, verifyConsent } from './metadata';

export interface PrecheckEntry {
  name: string;
  size: number;
}

export type Precheck =
  | { ok: false; reason: string }
  | {
      ok: true;
      fileName: string;
      bundleId: string;
      channel: 'ui' | 'cli';
      createdAt: string;
      consent: { granted: boolean; reason: string };
      retentionDays: number | null;
      entries: PrecheckEntry[];
    };

const REQUIRED = ['metadata.json', 'snapshot.json', 'trace.json'];

/** Only the name: refused here, nothing of the file is read. */
export function precheckName(fileName: string): Precheck | null {
  if (parseBundleFileName(fileName)) return null;
  return { ok: false, reason: `"${fileName}" is not a bundle name (trace-<YYYYMMDDTHHMMSSZ or epoch ms>-<ui|cli>.zip).` };
}

/** `entries` null: the file is not a zip archive. `metadataText` null: no metadata.json in it. */
export function precheckBundle(input: { fileName: string; entries: PrecheckEntry[] | null; metadataText: string | null }): Precheck {
  const byName = precheckName(input.fileName);
  if (byName) return byName;
  if (!input.entries) return { ok: false, reason: `${input.fileName} is not a zip archive.` };
  const names = new Set(input.entries.map((e) => e.name));
  const missing = REQUIRED.filter((n) => !names.has(n));
  if (missing.length) return { ok: false, reason: `${input.fileName} is not a diagnostic bundle: ${missing.join(', ')} missing.` };
  let raw: unknown;
  try {
    raw = JSON.parse(input.metadataText ?? '');
  } catch {
    return { ok: false, reason: 'metadata.json is not valid JSON.' };
  }
  const result = validateMetadata(raw, parseBundleFileName(input.fileName));
  if (!result.ok) return { ok: false, reason: result.problems.map((p) => p.message).join('; ') };
  if (result.problems.length) return { ok: false, reason: result.problems.map((p) => p.message).join('; ') };
  const md = result.metadata;
  const consent = verifyConsent(md);
  const days = md.telemetry?.retentionDays;
  return {
    ok: true,
    fileName: input.fileName,
    bundleId: md.bundleId,
    channel: md.channel,
    createdAt: md.createdAt,
    consent: { granted: consent.granted, reason: consent.reason },
    retentionDays: typeof days === 'number' ? days : null,
    entries: input.entries,
  };
}
