// Where each build of the engine finds its worker threads' code (lib/workers.ts).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerFile } from '@/lib/workers';
import { appBuildIsComplete } from '../scripts/build-app.mjs';

describe('workerFile', () => {
  it('the bundled CLI: the worker bundle beside it, from any of its chunks', () => {
    expect(workerFile('file:///opt/x400/dist/cli/chunks/chunk-AB12.mjs', 'inspect-worker', 'worker-dev.mjs', {})).toBe('/opt/x400/dist/cli/inspect-worker.mjs');
    expect(workerFile('file:///opt/x400/dist/cli/x400-support.mjs', 'share-rewrite-worker', 'rewrite-worker-dev.mjs', {})).toBe('/opt/x400/dist/cli/share-rewrite-worker.mjs');
  });

  it('the TypeScript sources: the starter beside the calling module', () => {
    expect(workerFile('file:///src/x400/lib/bundle/parallel/split.ts', 'inspect-worker', 'worker-dev.mjs', {})).toBe('/src/x400/lib/bundle/parallel/worker-dev.mjs');
  });

  it('the web server: the workers bundled into the app build it runs, and only that build', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-workers-'));
    // The server's modules report their source files: never the TypeScript starter there.
    const source = `file://${root}/lib/bundle/parallel/split.ts`;
    const server = { NEXT_RUNTIME: 'nodejs', NODE_ENV: 'production', X400_APP_ROOT: root };
    expect(workerFile(source, 'inspect-worker', 'worker-dev.mjs', server)).toBeNull();
    fs.mkdirSync(path.join(root, '.next', 'x400-workers'), { recursive: true });
    fs.writeFileSync(path.join(root, '.next', 'x400-workers', 'inspect-worker.mjs'), '');
    expect(workerFile(source, 'inspect-worker', 'worker-dev.mjs', server)).toBe(`${root}/.next/x400-workers/inspect-worker.mjs`);
    expect(workerFile(source, 'share-rewrite-worker', 'rewrite-worker-dev.mjs', server)).toBeNull();
    // Another build folder (X400_DIST_DIR) has its own workers.
    expect(workerFile(source, 'inspect-worker', 'worker-dev.mjs', { ...server, X400_DIST_DIR: '.next-other' })).toBeNull();
    // An absolute build folder, as scripts/build-app.mjs resolves it.
    expect(workerFile(source, 'inspect-worker', 'worker-dev.mjs', { ...server, X400_DIST_DIR: path.join(root, '.next') })).toBe(`${root}/.next/x400-workers/inspect-worker.mjs`);
    // `next dev` builds no workers: whatever an earlier production build left is not used.
    expect(workerFile(source, 'inspect-worker', 'worker-dev.mjs', { ...server, NODE_ENV: 'development' })).toBeNull();
  });
});

describe('appBuildIsComplete (npm start builds again when it is not)', () => {
  it('asks for the app build and its workers both', () => {
    const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-build-'));
    expect(appBuildIsComplete(dist)).toBe(false);
    fs.writeFileSync(path.join(dist, 'BUILD_ID'), 'abc');
    // A build from before the workers were bundled with the app, or whose worker build failed.
    expect(appBuildIsComplete(dist)).toBe(false);
    fs.mkdirSync(path.join(dist, 'x400-workers'));
    fs.writeFileSync(path.join(dist, 'x400-workers', 'inputs.json'), '{}');
    expect(appBuildIsComplete(dist)).toBe(true);
  });
});
