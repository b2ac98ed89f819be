// Builds the `x400-support` command: bundles lib/cli/main.ts (and the inspect worker) into
// dist/cli/*.mjs with esbuild, so the command starts without compiling TypeScript. Run by
// `npm install` (prepare) and, when a source file changed since, by bin/x400-support.mjs itself.
// `--workers-into <dir>` builds only the worker threads' entries, into <dir>: the app build puts
// them beside the web server (scripts/build-app.mjs, lib/workers.ts).
// dist/cli/inputs.json lists every bundled source file with its size and mtime: the bin compares
// those (a few hundred stat calls) to decide whether to rebuild.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'cli');
export const INPUTS_FILE = path.join(OUT_DIR, 'inputs.json');
const WORKER_ENTRIES = { 'inspect-worker': 'lib/bundle/parallel/worker.ts', 'share-rewrite-worker': 'lib/share/rewrite-worker.ts', 'skeleton-worker': 'lib/ingest/skeleton-worker.ts' };
const ENTRIES = { 'x400-support': 'lib/cli/main.ts', ...WORKER_ENTRIES };
// Native addons and packages that must be loaded from node_modules as they are.
const EXTERNAL = ['better-sqlite3', 'esbuild', 'tsx', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'pg-boss', '@node-rs/argon2'];

/** True when dist/cli is missing or any source it was built from changed (size or mtime). */
export function cliBuildIsStale() {
  let inputs;
  try {
    inputs = JSON.parse(fs.readFileSync(INPUTS_FILE, 'utf8'));
  } catch {
    return true;
  }
  for (const [file, [size, mtimeMs]] of Object.entries(inputs.files)) {
    let st;
    try {
      st = fs.statSync(path.join(ROOT, file));
    } catch {
      return true;
    }
    if (st.size !== size || st.mtimeMs !== mtimeMs) return true;
  }
  for (const out of inputs.outputs) if (!fs.existsSync(path.join(ROOT, out))) return true;
  return false;
}

/**
 * Bundles the CLI into a temporary folder, then swaps it in as `outDir` (a concurrent run never
 * sees half a build). `workersOnly`: the worker threads' entries alone.
 */
export async function buildCli({ quiet = false, outDir = OUT_DIR, workersOnly = false } = {}) {
  const esbuild = await import('esbuild');
  const tmp = `${outDir}.tmp-${process.pid}-${Date.now()}`;
  const t0 = performance.now();
  const result = await esbuild.build({
    absWorkingDir: ROOT,
    entryPoints: Object.fromEntries(Object.entries(workersOnly ? WORKER_ENTRIES : ENTRIES).filter(([, src]) => fs.existsSync(path.join(ROOT, src)))),
    outdir: tmp,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    tsconfig: path.join(ROOT, 'tsconfig.json'),
    external: EXTERNAL,
    // The CLI is no React Server Components build: `server-only` marks server modules, nothing more.
    alias: { 'server-only': './node_modules/server-only/empty.js' },
    // Bundled CommonJS packages call require(): give the ESM output one.
    banner: { js: "import { createRequire as __x400Require } from 'node:module'; const require = __x400Require(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    metafile: true,
    logLevel: 'warning',
    legalComments: 'none',
  });
  const files = {};
  for (const input of Object.keys(result.metafile.inputs)) {
    if (input.startsWith('node_modules/') || input.includes(':')) continue;
    const st = fs.statSync(path.join(ROOT, input));
    files[input] = [st.size, st.mtimeMs];
  }
  const outputs = Object.keys(result.metafile.outputs).map((o) => path.relative(ROOT, path.join(outDir, path.relative(tmp, path.join(ROOT, o)))));
  fs.writeFileSync(path.join(tmp, 'inputs.json'), JSON.stringify({ files, outputs }));
  fs.mkdirSync(path.dirname(outDir), { recursive: true });
  const old = `${outDir}.old-${process.pid}-${Date.now()}`;
  try { fs.renameSync(outDir, old); } catch { /* first build */ }
  try {
    fs.renameSync(tmp, outDir);
  } catch (error) {
    // Another process swapped its build in first: use that one.
    fs.rmSync(tmp, { recursive: true, force: true });
    if (!fs.existsSync(outDir)) throw error;
  }
  fs.rmSync(old, { recursive: true, force: true });
  if (!quiet) console.error(`x400-support: built ${path.relative(ROOT, outDir)} in ${Math.round(performance.now() - t0)} ms`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const into = process.argv.indexOf('--workers-into');
  if (into > 0) await buildCli({ quiet: true, outDir: path.resolve(process.argv[into + 1]), workersOnly: true });
  else await buildCli();
}
