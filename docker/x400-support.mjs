#!/usr/bin/env node
// `x400-support` inside the image: runs the CLI prebuilt in /app/dist/cli (the image carries no
// sources, so unlike bin/x400-support.mjs it never checks for a rebuild).
const { main } = await import('/app/dist/cli/x400-support.mjs');
process.exitCode = await main(process.argv.slice(2));
