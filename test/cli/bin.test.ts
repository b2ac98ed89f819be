// The installed command itself (bin/x400-support.mjs): it runs the precompiled bundle in dist/cli
// and rebuilds that bundle when a source file changed.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateGatewayTrace, makeBundle } from '@/test/support/make-bundle';
import { tmpFile } from '../bundle/helpers';

const ROOT = process.cwd();
const BIN = path.join(ROOT, 'bin', 'x400-support.mjs');
const builder = (await import(path.join(ROOT, 'scripts', 'build-cli.mjs'))) as {
  buildCli(o?: { quiet?: boolean }): Promise<void>;
  cliBuildIsStale(): boolean;
  OUT_DIR: string;
};

function bin(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, X400_APP_ROOT: ROOT } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('bin/x400-support.mjs', () => {
  it('runs precompiled JavaScript: --help, and inspect with its exit codes', async () => {
    const help = bin(['--help']);
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/Usage: x400-support <command>/);
    expect(builder.cliBuildIsStale()).toBe(false);
    expect(fs.existsSync(path.join(builder.OUT_DIR, 'x400-support.mjs'))).toBe(true);

    const clean = makeBundle({ trace: generateGatewayTrace({ spans: 200, errorRate: 0.1, seed: 3 }) });
    const ok = bin(['inspect', tmpFile(clean.fileName, clean.buffer), '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toMatchObject({ valid: true, metrics: { spans: 200 } });

    const leaky = makeBundle({ logs: [{ ts: '2026-11-26T21:00:00Z', level: 'warn', msg: 'bounce for jane.doe@example.com', attrs: {} }] });
    expect(bin(['inspect', tmpFile(leaky.fileName, leaky.buffer)]).code).toBe(1);
    expect(bin(['frobnicate']).code).toBe(64);
  });

  it('rebuilds when a source file changed since the last build', async () => {
    if (builder.cliBuildIsStale()) await builder.buildCli({ quiet: true });
    expect(builder.cliBuildIsStale()).toBe(false);
    const source = path.join(ROOT, 'lib', 'cli', 'io.ts');
    const later = new Date(Date.now() + 5_000);
    fs.utimesSync(source, later, later);
    expect(builder.cliBuildIsStale()).toBe(true);
    // The next run rebuilds on its own and answers as before.
    expect(bin(['--help']).code).toBe(0);
    expect(builder.cliBuildIsStale()).toBe(false);
  });

  it('is built by npm install (the prepare script)', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.prepare).toMatch(/build-cli\.mjs/);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-cli.mjs')], { cwd: ROOT, stdio: 'pipe' });
    expect(builder.cliBuildIsStale()).toBe(false);
  });
});
