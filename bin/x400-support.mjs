#!/usr/bin/env node
// The `x400-support` command: runs the precompiled CLI in dist/cli (built by `npm install`),
// rebuilding it first when a source file changed since the last build.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildCli, cliBuildIsStale, OUT_DIR } from '../scripts/build-cli.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
process.env.X400_APP_ROOT ??= root;
if (cliBuildIsStale()) await buildCli({ quiet: true });
const { main } = await import(pathToFileURL(path.join(OUT_DIR, 'x400-support.mjs')).href);
process.exitCode = await main(process.argv.slice(2));
