#!/usr/bin/env node
// `npm run test:e2e`: makes sure Debian's Chromium is there, builds the app, and runs Playwright
// against it on a fresh temporary data folder.
import { execSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildApp } from './build-app.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const chromium = process.env.X400_CHROMIUM ?? '/usr/bin/chromium';

if (!fs.existsSync(chromium)) {
  console.log(`e2e: ${chromium} is missing; installing Debian's chromium...`);
  const sudo = process.getuid?.() === 0 ? '' : 'sudo ';
  execSync(`${sudo}apt-get update -qq && ${sudo}env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium`, { stdio: 'inherit' });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-e2e-'));
const env = { ...process.env, X400_E2E_DATA_DIR: dataDir, NEXT_TELEMETRY_DISABLED: '1' };

if (!process.env.X400_E2E_SKIP_BUILD) {
  const status = buildApp({ env });
  if (status !== 0) process.exit(status);
}

const args = process.argv.slice(2);
const run = spawnSync(process.execPath, [path.join(root, 'node_modules/@playwright/test/cli.js'), 'test', ...args], { cwd: root, stdio: 'inherit', env });
if (!process.env.X400_E2E_KEEP_DATA) fs.rmSync(dataDir, { recursive: true, force: true });
process.exit(run.status ?? 1);
