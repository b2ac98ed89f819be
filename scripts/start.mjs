#!/usr/bin/env node
// `npm start`: builds the app on first run (or with X400_REBUILD=1, or when the build has no worker
// threads: appBuildIsComplete), then serves it on $PORT.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { appBuildIsComplete, buildApp } from './build-app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const nextBin = path.join(root, 'node_modules', 'next', 'dist', 'bin', 'next');
const port = process.env.PORT || '3000';

if (!appBuildIsComplete(path.resolve(root, process.env.X400_DIST_DIR || '.next')) || process.env.X400_REBUILD === '1') {
  console.log('X400 Support Console: building the app (first start, or a build without its worker threads; about a minute)...');
  const status = buildApp({ env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' } });
  if (status !== 0) process.exit(status);
}

// X400_LOG_FILE: also append the server's output to a file (the security tests search it).
const logFile = process.env.X400_LOG_FILE ? fs.createWriteStream(process.env.X400_LOG_FILE, { flags: 'a' }) : null;
const server = spawn(process.execPath, [nextBin, 'start', '-p', port], {
  cwd: root,
  stdio: logFile ? ['inherit', 'pipe', 'pipe'] : 'inherit',
  // NEXT_MANUAL_SIG_HANDLE: the app's own SIGTERM / SIGINT handler drains its work and exits 0
  // (lib/server/shutdown.ts) instead of Next.js's, which exits 143 once requests are done.
  env: { ...process.env, X400_APP_ROOT: root, NEXT_TELEMETRY_DISABLED: '1', NEXT_MANUAL_SIG_HANDLE: '1' },
});
if (logFile) {
  server.stdout.on('data', (chunk) => { process.stdout.write(chunk); logFile.write(chunk); });
  server.stderr.on('data', (chunk) => { process.stderr.write(chunk); logFile.write(chunk); });
}
// Passed on to the server, which shuts down gracefully; this process exits with its code.
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 0)));

// Load the upload route once the server answers: Next loads a route's code on its first request,
// and a first request carrying a large body while that happens is cut off (EPIPE).
async function warmUp() {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    try {
      if ((await fetch(`${base}/login`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  for (const [method, url] of [['POST', '/api/tickets/0/bundles'], ['GET', '/api/tickets']]) {
    await fetch(`${base}${url}`, { method }).catch(() => {});
  }
}
void warmUp();
