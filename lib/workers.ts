// Where the code of a worker thread is, for the module at `callerUrl` that starts it. Three
// builds run the engine:
// - the bundled CLI (dist/cli): the worker's bundle sits beside it;
// - the TypeScript sources (tests, tsx scripts): a small .mjs beside the caller starts the
//   worker's sources through tsx;
// - the web server (the Next.js build): `npm run build` bundles the workers into the app's build
//   folder (scripts/build-app.mjs), from the same sources as the app, so the server never runs a
//   worker older or newer than itself. `next dev` has none: its work stays on the calling thread.
// Paths are built from strings, not `new URL(…, import.meta.url)`: Turbopack takes that form for
// an asset to bundle, and a dynamic part made it trace the whole project folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appRootOf } from './env';

export type WorkerName = 'inspect-worker' | 'share-rewrite-worker' | 'skeleton-worker';

/** Inside the app's build folder: the workers' bundles (WORKERS_DIR in scripts/build-app.mjs). */
const APP_WORKERS_DIR = 'x400-workers';

/**
 * The file to start worker `name` from, or null when none can run here. `devFile`: the starter
 * beside the caller in the TypeScript sources.
 */
export function workerFile(callerUrl: string, name: WorkerName, devFile: string, env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  // Inside the Next.js server, import.meta.url names the module's source file (a .ts), not the
  // chunk that runs: the rules below would pick the TypeScript starter. (The build writes
  // "nodejs" for process.env.NEXT_RUNTIME into the server's code; the `next` command sets it too.)
  if (env.NEXT_RUNTIME || process.env.NEXT_RUNTIME) {
    if (env.NODE_ENV !== 'production') return null;
    // The build folder as scripts/build-app.mjs resolves it.
    const built = path.join(/*turbopackIgnore: true*/ path.resolve(/*turbopackIgnore: true*/ appRootOf(env), env.X400_DIST_DIR || '.next'), APP_WORKERS_DIR, `${name}.mjs`);
    return existsSync(/*turbopackIgnore: true*/ built) ? built : null;
  }
  if (!callerUrl.startsWith('file:')) return null;
  const dist = callerUrl.lastIndexOf('/dist/cli/');
  if (dist >= 0) return fileURLToPath(/*turbopackIgnore: true*/ `${callerUrl.slice(0, dist)}/dist/cli/${name}.mjs`);
  if (callerUrl.endsWith('.ts')) return fileURLToPath(/*turbopackIgnore: true*/ `${callerUrl.slice(0, callerUrl.lastIndexOf('/'))}/${devFile}`);
  return null;
}
