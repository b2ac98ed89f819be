// Where bundle files live: one file per bundle under the bundle folder, written atomically
// (a temporary name, then rename), so a crash leaves either the whole file or a temp file that
// the next start removes.
import fs from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';

export interface StorageConfig {
  bundleDir: string;
}

const INCOMING = '.incoming';

/** A fresh path for an upload in progress; removed at start if the process died. */
export function incomingPath(cfg: StorageConfig, hint = 'upload'): string {
  const dir = path.join(cfg.bundleDir, INCOMING);
  fs.mkdirSync(dir, { recursive: true });
  return path.join(dir, `${randomUUID()}-${hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80)}`);
}

export function storedName(bundleId: string): string {
  if (!/^[0-9a-fA-F-]{36}$/.test(bundleId)) throw new Error(`not a bundle id: ${bundleId}`);
  return `${bundleId.toLowerCase()}.zip`;
}

export function storedPath(cfg: StorageConfig, name: string): string {
  return path.join(cfg.bundleDir, path.basename(name));
}

/** Copies `source` into the store under the bundle's name; returns that name. */
export function storeBundleFile(cfg: StorageConfig, source: string, bundleId: string): string {
  const name = storedName(bundleId);
  fs.mkdirSync(cfg.bundleDir, { recursive: true });
  const tmp = path.join(cfg.bundleDir, INCOMING, `${name}.${randomUUID()}.partial`);
  fs.mkdirSync(path.dirname(tmp), { recursive: true });
  fs.copyFileSync(source, tmp);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(tmp, storedPath(cfg, name));
  return name;
}

export function removeBundleFile(cfg: StorageConfig, name: string | null): void {
  if (name) fs.rmSync(storedPath(cfg, name), { force: true });
}

/** Files in the store that no bundle row names: left by a crash between the copy and the insert. */
export function strayFiles(cfg: StorageConfig, known: Set<string>): string[] {
  if (!fs.existsSync(cfg.bundleDir)) return [];
  return fs
    .readdirSync(cfg.bundleDir, { withFileTypes: true })
    .filter((e) => e.isFile() && !known.has(e.name))
    .map((e) => e.name);
}

export function clearIncoming(cfg: StorageConfig): void {
  fs.rmSync(path.join(cfg.bundleDir, INCOMING), { recursive: true, force: true });
}
