#!/usr/bin/env node
// `npm run build`: `next build`, then a compile hint on every client chunk (addCompileHints).
// scripts/start.mjs, scripts/e2e.mjs and bench/ui.ts build through buildApp, so every build the
// console is served from has the hints.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const COMPILE_HINT = '//# allFunctionsCalledOnLoad';
/** Inside the app's build folder: the worker threads' bundles (lib/workers.ts). */
const WORKERS_DIR = 'x400-workers';

/**
 * Prepends V8's explicit compile hint to each JavaScript chunk under `<distDir>/static/chunks`.
 *
 * Without it Chromium compiles a chunk's top level while streaming it, off the main thread, and
 * each module's function lazily, on the main thread, when the module is first required. At boot
 * the app router requires all of its modules in one task: on the 1M-span trace page at 4× CPU that
 * task took 190–260 ms, most of it lazy compilation. With the hint (Chrome 136+; other browsers
 * ignore the comment) the functions are compiled on the streaming thread and that task falls to
 * under 100 ms (README, "How the trace page opens fast"). Next.js has no option for it yet.
 *
 * Idempotent. The comment takes one line, so a source map beside the chunk moves down one line.
 * Returns the number of chunks changed.
 */
export function addCompileHints(distDir) {
  const dir = path.join(distDir, 'static', 'chunks');
  if (!fs.existsSync(dir)) return 0;
  let changed = 0;
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = path.join(entry.parentPath ?? entry.path, entry.name);
    const code = fs.readFileSync(file, 'utf8');
    if (code.startsWith(COMPILE_HINT)) continue;
    writeAtomically(file, `${COMPILE_HINT}\n${code}`);
    const map = `${file}.map`;
    if (fs.existsSync(map)) writeAtomically(map, JSON.stringify(shiftSourceMap(JSON.parse(fs.readFileSync(map, 'utf8')))));
    changed++;
  }
  return changed;
}

/** A source map for the same code one line further down. */
export function shiftSourceMap(map) {
  if (typeof map.mappings === 'string') return { ...map, mappings: `;${map.mappings}` };
  if (Array.isArray(map.sections)) {
    return { ...map, sections: map.sections.map((s) => ({ ...s, offset: { ...s.offset, line: (s.offset?.line ?? 0) + 1 } })) };
  }
  return map;
}

function writeAtomically(file, text) {
  const tmp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

/**
 * True when `distDir` holds a whole build: the app (BUILD_ID) and its worker threads. A build
 * from before the workers were bundled with the app, or whose worker build failed, is not one:
 * its server would run large parses and shares on one thread without a word.
 */
export function appBuildIsComplete(distDir) {
  return fs.existsSync(path.join(distDir, 'BUILD_ID')) && fs.existsSync(path.join(distDir, WORKERS_DIR, 'inputs.json'));
}

/**
 * Runs `next build` into X400_DIST_DIR (default .next), adds the hints and bundles the worker
 * threads into its x400-workers folder. Returns the exit status.
 */
export function buildApp({ env = process.env, stdio = 'inherit' } = {}) {
  const build = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'next', 'dist', 'bin', 'next'), 'build'], { cwd: ROOT, stdio, env });
  if (build.status !== 0) return build.status ?? 1;
  const distDir = path.resolve(ROOT, env.X400_DIST_DIR || '.next');
  addCompileHints(distDir);
  // The worker threads the server starts (a large bundle's parse, a share's rewrite), bundled
  // from the same sources as the app (lib/workers.ts finds them there).
  const workers = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs'), '--workers-into', path.join(distDir, WORKERS_DIR)], { cwd: ROOT, stdio, env });
  return workers.status ?? 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exit(buildApp({ env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } }));
}
