// The `rejected/` folder of the watched upload folder: a refused file and, beside it, why.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const REASON_SUFFIX = '.reason.txt';
/** Longest file name (in bytes) common file systems accept. */
const MAX_NAME_BYTES = 255;

/** The reason file's name for a refused file: `<name>.reason.txt`, or for a name too long to take
 * the suffix, its start plus a short hash of the whole name (the file then names its file). */
export function reasonFileName(fileName: string): { name: string; shortened: boolean } {
  const full = `${fileName}${REASON_SUFFIX}`;
  if (Buffer.byteLength(full) <= MAX_NAME_BYTES) return { name: full, shortened: false };
  const tag = `~${createHash('sha256').update(fileName).digest('hex').slice(0, 12)}`;
  const room = MAX_NAME_BYTES - Buffer.byteLength(tag + REASON_SUFFIX);
  let stem = '';
  for (const ch of fileName) {
    if (Buffer.byteLength(stem + ch) > room) break;
    stem += ch;
  }
  return { name: `${stem}${tag}${REASON_SUFFIX}`, shortened: true };
}

/** Moves a refused file into `<uploadDir>/rejected/` and writes its reason file beside it. */
export function moveToRejected(uploadDir: string, workPath: string, fileName: string, reasons: string[]): void {
  const rejected = path.join(uploadDir, 'rejected');
  fs.mkdirSync(rejected, { recursive: true, mode: 0o700 });
  fs.renameSync(workPath, path.join(rejected, fileName));
  const reason = reasonFileName(fileName);
  const lines = reason.shortened ? [`File: ${fileName}`, ...reasons] : reasons;
  fs.writeFileSync(path.join(rejected, reason.name), lines.join('\n') + '\n', { mode: 0o600 });
}
