// The watched upload folder: a bundle that lands there is ingested into the unassigned inbox.
// Files are picked up once their size has stopped changing (a copy may still be running), moved
// out of the folder before processing, and a refused file goes to `rejected/` with its reason.
import fs from 'node:fs';
import path from 'node:path';
import type { Actor } from '@/lib/auth/accounts';
import { ingestBundleFile, type IngestDeps } from './service';
import { moveToRejected } from './rejected';
import { incomingPath } from './storage';

export interface WatcherOptions {
  uploadDir: string;
  deps: IngestDeps;
  actor: Actor;
  intervalMs?: number;
  log?: (line: string) => void;
}

export function startUploadWatcher(options: WatcherOptions): { stop(): void; scan(): Promise<void> } {
  const { uploadDir, deps, actor } = options;
  const log = options.log ?? ((line) => console.log(line));
  const seen = new Map<string, number>();
  let running = false;
  let timer: NodeJS.Timeout | null = null;

  const scan = async () => {
    if (running) return;
    running = true;
    try {
      fs.mkdirSync(uploadDir, { recursive: true, mode: 0o700 });
      for (const entry of fs.readdirSync(uploadDir, { withFileTypes: true })) {
        if (!entry.isFile() || entry.name.startsWith('.')) continue;
        const file = path.join(uploadDir, entry.name);
        let size: number;
        try {
          size = fs.statSync(file).size;
        } catch {
          continue;
        }
        if (seen.get(entry.name) !== size) {
          seen.set(entry.name, size);
          continue; // not yet stable: look again next round
        }
        seen.delete(entry.name);
        const work = incomingPath(deps.storage, entry.name);
        try {
          fs.renameSync(file, work);
        } catch {
          fs.copyFileSync(file, work);
          fs.rmSync(file, { force: true });
        }
        try {
          const outcome = await ingestBundleFile(deps, { filePath: work, fileName: entry.name, ticketId: null, source: 'folder', actor });
          if (outcome.status === 'rejected') {
            moveToRejected(uploadDir, work, entry.name, outcome.problems.map((p) => `${p.code}: ${p.message}`));
            log(`upload folder: refused ${entry.name}: ${outcome.problems[0]?.code}`);
          } else {
            log(`upload folder: ${outcome.status === 'duplicate' ? 'already had' : 'ingested'} ${entry.name} as bundle ${outcome.bundle.id}`);
          }
        } catch (error) {
          log(`upload folder: could not ingest ${entry.name}: ${(error as Error).message}`);
        } finally {
          fs.rmSync(work, { force: true });
        }
      }
    } finally {
      running = false;
    }
  };

  timer = setInterval(() => void scan(), options.intervalMs ?? 1000);
  timer.unref();
  return {
    stop: () => {
      if (timer) clearInterval(timer);
    },
    scan,
  };
}
