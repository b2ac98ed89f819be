// The watched upload folder: a bundle that lands there is ingested into the unassigned inbox.
// Files are picked up once their size has stopped changing (a copy may still be running). Several
// instances may watch one shared folder: each claims a file by renaming it into its own claim
// folder (`.claims/<instance>/`), an atomic step only one of them wins; losing that race (ENOENT)
// is normal and silent. A refused file goes to `rejected/` with its reason.
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '@/lib/auth/accounts';
import { moveToRejected } from './rejected';
import { ingestBundleFile, LOCAL_INSTANCE, type IngestDeps } from './service';

export interface WatcherOptions {
  uploadDir: string;
  deps: IngestDeps;
  actor: Actor;
  intervalMs?: number;
  log?: (line: string) => void;
}

export interface UploadWatcher {
  /** Stops looking; resolves once the file being ingested, if any, is done. */
  stop(): Promise<void>;
  /** One pass over the folder (the timer runs these; tests call it directly). */
  scan(): Promise<void>;
  /** Puts the files a (dead) instance had claimed back into the folder; returns how many. */
  releaseClaims(instanceId: string): number;
}

const CLAIMS = '.claims';

export function claimDir(uploadDir: string, instanceId: string): string {
  return path.join(uploadDir, CLAIMS, instanceId.replace(/[^A-Za-z0-9_.-]/g, '_'));
}

/** Moves `file` into this instance's claim folder; null when another instance took it first. */
export function claimUpload(uploadDir: string, instanceId: string, name: string): string | null {
  const dir = claimDir(uploadDir, instanceId);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const claimed = path.join(dir, name);
  try {
    fs.renameSync(path.join(uploadDir, name), claimed);
    return claimed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

export function startUploadWatcher(options: WatcherOptions): UploadWatcher {
  const { uploadDir, deps, actor } = options;
  const instanceId = deps.instanceId ?? LOCAL_INSTANCE;
  const log = options.log ?? ((line) => console.log(line));
  const seen = new Map<string, number>();
  let running = false;
  let timer: NodeJS.Timeout | null = null;

  const releaseClaims = (owner: string): number => {
    const dir = claimDir(uploadDir, owner);
    if (!fs.existsSync(dir)) return 0;
    let n = 0;
    for (const name of fs.readdirSync(dir)) {
      try {
        fs.renameSync(path.join(dir, name), path.join(uploadDir, name));
        n++;
      } catch {
        // already moved back by another instance
      }
    }
    return n;
  };

  const ingestClaimed = async (name: string, claimed: string) => {
    try {
      const outcome = await ingestBundleFile(deps, { filePath: claimed, fileName: name, ticketId: null, source: 'folder', actor });
      if (outcome.status === 'rejected') {
        moveToRejected(uploadDir, claimed, name, outcome.problems.map((p) => `${p.code}: ${p.message}`));
        log(`upload folder: refused ${name}: ${outcome.problems[0]?.code}`);
      } else {
        log(`upload folder: ${outcome.status === 'duplicate' ? 'already had' : 'ingested'} ${name} as bundle ${outcome.bundle.id}`);
      }
    } catch (error) {
      log(`upload folder: could not ingest ${name}: ${(error as Error).message}`);
    } finally {
      fs.rmSync(claimed, { force: true });
    }
  };

  const scan = async () => {
    if (running) return;
    running = true;
    try {
      fs.mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
      // Files this instance claimed before it stopped: finish them first.
      const mine = claimDir(uploadDir, instanceId);
      if (fs.existsSync(mine)) {
        for (const name of fs.readdirSync(mine)) await ingestClaimed(name, path.join(mine, name));
      }
      for (const entry of fs.readdirSync(uploadDir, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        let size: number;
        try {
          size = fs.statSync(path.join(uploadDir, entry.name)).size;
        } catch {
          continue; // claimed by another instance meanwhile
        }
        if (seen.get(entry.name) !== size) {
          seen.set(entry.name, size);
          continue; // not yet stable: look again next round
        }
        seen.delete(entry.name);
        const claimed = claimUpload(uploadDir, instanceId, entry.name);
        if (!claimed) continue; // another instance won it
        await ingestClaimed(entry.name, claimed);
      }
    } catch (error) {
      log(`upload folder: scan failed: ${(error as Error).message}`);
    } finally {
      running = false;
    }
  };

  timer = setInterval(() => {
    if (!running) current = scan();
  }, options.intervalMs ?? 1000);
  timer.unref();
  let current: Promise<void> = Promise.resolve();
  return {
    stop: async () => {
      if (timer) clearInterval(timer);
      timer = null;
      await current; // a file being ingested is finished, not cut off
    },
    scan,
    releaseClaims,
  };
}
