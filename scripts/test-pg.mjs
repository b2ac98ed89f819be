#!/usr/bin/env node
// The unit suite's second pass: every test file that opens its database through
// test/helpers.ts `testDb()` runs again on PostgreSQL, when one answers at X400_TEST_PG_URL
// (default postgres://x400:x400@127.0.0.1:5432/postgres). Without one, says so in one line and
// succeeds: the SQLite pass already ran. Extra arguments: file filters (as vitest's, a part of a
// path) narrow the list of files; options (-t …) go to vitest.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const url = process.env.X400_TEST_PG_URL?.trim() || 'postgres://x400:x400@127.0.0.1:5432/postgres';
const shown = url.replace(/\/\/[^@/]*@/, '//');

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
try {
  await client.connect();
  await client.query('SELECT 1');
} catch (error) {
  console.log(`PostgreSQL pass skipped: nothing answers at ${shown} (${error.code ?? error.message}); set X400_TEST_PG_URL to run it.`);
  process.exit(0);
} finally {
  await client.end().catch(() => {});
}

function testFiles(dir, out = []) {
  for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = path.join(dir, entry.name);
    if (entry.isDirectory()) testFiles(rel, out);
    else if (entry.name.endsWith('.test.ts') && /\btestDb\(/.test(fs.readFileSync(path.join(root, rel), 'utf8'))) out.push(rel);
  }
  return out;
}
// Filters are the arguments before the first option. Handed to vitest beside the full list they
// would match nothing more than the list does, and the whole pass would run.
const extra = process.argv.slice(2);
const firstOption = extra.findIndex((a) => a.startsWith('-'));
const filters = firstOption < 0 ? extra : extra.slice(0, firstOption);
const options = firstOption < 0 ? [] : extra.slice(firstOption);
const files = ['test', 'lib', 'db']
  .filter((d) => fs.existsSync(path.join(root, d)))
  .flatMap((d) => testFiles(d))
  .filter((f) => filters.length === 0 || filters.some((filter) => f.includes(path.normalize(filter))));
if (files.length === 0) {
  console.error(`PostgreSQL pass: no test file that opens a database matches ${filters.join(', ')}`);
  process.exit(1);
}
console.log(`PostgreSQL pass: ${files.length} test files that open a database, on ${shown}`);
const run = spawnSync(process.execPath, [path.join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'vitest.pg.config.ts', ...files, ...options], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, X400_TEST_PG_URL: url },
});
process.exit(run.status ?? 1);
