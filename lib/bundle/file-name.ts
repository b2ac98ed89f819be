// The bundle file name, trace-<YYYYMMDDTHHMMSSZ | epoch ms>-<ui|cli>.zip: no Node imports, so the
// browser's pre-upload check reads it the same way as the server.

export type Channel = 'ui' | 'cli';

export interface BundleFileName {
  /** Moment in the name, epoch ms (second precision for the ISO form). */
  timestampMs: number;
  channel: Channel;
}

const ISO_NAME = /^trace-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z-(ui|cli)\.zip$/;
const EPOCH_NAME = /^trace-(\d{13})-(ui|cli)\.zip$/;

/** Parses `trace-<YYYYMMDDTHHMMSSZ | epoch ms>-<ui|cli>.zip`; null when the name is not a bundle's. */
export function parseBundleFileName(name: string): BundleFileName | null {
  const iso = ISO_NAME.exec(name);
  if (iso) {
    const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number);
    const ms = Date.UTC(y, mo - 1, d, h, mi, s);
    const back = new Date(ms);
    // Reject impossible dates (2026-02-31) that Date.UTC would roll over.
    if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || h > 23 || mi > 59 || s > 59) return null;
    return { timestampMs: ms, channel: iso[7] as Channel };
  }
  const epoch = EPOCH_NAME.exec(name);
  if (epoch) return { timestampMs: Number(epoch[1]), channel: epoch[2] as Channel };
  return null;
}
