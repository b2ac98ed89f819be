// The x400-support commands, run through main() against a temporary data folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeBundle } from '@/test/support/make-bundle';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-cli-'));
process.env.X400_DATA_DIR = dataDir;
process.env.X400_APP_ROOT = process.cwd();

const { main, consoleIo } = await import('@/lib/cli/main');

async function run(args: string[], stdin: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const base = consoleIo();
  const code = await main(args, { ...base, out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => stdin });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('x400-support', () => {
  it('prints help and refuses unknown commands with exit 64', async () => {
    expect((await run(['--help'])).out).toMatch(/inspect <bundle>/);
    const unknown = await run(['frobnicate']);
    expect(unknown.code).toBe(64);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    for (const cmd of [['user', '--help'], ['ticket', '--help'], ['ingest', '--help'], ['purge', '--help'], ['keys', '--help'], ['inspect', '--help']]) {
      const r = await run(cmd);
      expect(r.code, cmd.join(' ')).toBe(0);
      expect(r.out.length, cmd.join(' ')).toBeGreaterThan(50);
    }
  });

  it('user add (stdin or generated), list, disable', async () => {
    const piped = await run(['user', 'add', '--email', 'Erin@Example.test', '--role', 'engineer', '--json'], 'a-piped-password-1\n');
    expect(piped.code).toBe(0);
    expect(JSON.parse(piped.out)).toMatchObject({ email: 'erin@example.test', role: 'engineer', password: null });
    const generated = await run(['user', 'add', '--email', 'lead@example.test', '--role', 'lead', '--json']);
    expect(JSON.parse(generated.out).password).toMatch(/^\S{20}$/);
    expect((await run(['user', 'add', '--email', 'x@example.test', '--role', 'boss'])).err).toMatch(/Unknown role "boss"/);
    expect((await run(['user', 'add', '--email', 'erin@example.test', '--role', 'lead'])).err).toMatch(/already exists/);
    expect((await run(['user', 'add', '--role', 'lead'])).code).toBe(64);
    const list = JSON.parse((await run(['user', 'list', '--json'])).out) as { email: string; disabled: boolean }[];
    expect(list.map((u) => u.email)).toEqual(['erin@example.test', 'lead@example.test']);
    expect((await run(['user', 'disable', '--email', 'lead@example.test', '--json'])).out).toContain('"disabled":true');
    expect((await run(['user', 'list'])).out).toMatch(/lead@example\.test\s+lead\s+disabled/);
  });

  it('ticket create and list, with clear errors', async () => {
    const created = await run(['ticket', 'create', '--customer', 'Acme', '--contact', 'ops@acme.example', '--severity', '1', '--summary', 'Outage', '--component', 'gateway', '--component', 'mta', '--reported-at', '2026-11-26T21:40:00Z', '--confirm-old-reported-at']);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^\d+$/);
    const bad = await run(['ticket', 'create', '--customer', 'Acme', '--contact', 'c', '--severity', '7', '--summary', 's', '--component', 'toaster']);
    expect(bad.code).toBe(64);
    expect(bad.err).toMatch(/severity/i);
    expect(bad.err).toMatch(/components\.0/);
    const list = JSON.parse((await run(['ticket', 'list', '--json'])).out) as { id: number; components: string[]; reportedAt: string[] }[];
    expect(list[0]).toMatchObject({ id: Number(created.out), components: ['gateway', 'mta'], reportedAt: ['2026-11-26T21:40:00.000Z'], severity: 1, status: 'new' });
  });

  it('ingest, ticket consent, purge --dry-run and keys rotate share the console’s implementation', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-cli-b-'));
    const b = writeBundle(dir, { metadata: { createdAt: '2026-01-01T00:00:00.000Z', telemetry: { consentedAt: '2025-12-01T00:00:00Z', retentionDays: 1 } } });
    const ingest = await run(['ingest', b.path, '--ticket', '1', '--json']);
    expect(ingest.code).toBe(0);
    const outcome = JSON.parse(ingest.out) as { status: string; bundleId: string };
    expect(outcome).toMatchObject({ status: 'stored', bundleId: b.metadata.bundleId });
    expect(JSON.parse((await run(['ingest', b.path, '--json'])).out).status).toBe('duplicate');
    const consent = await run(['ticket', 'consent', '--ticket', '1', '--bundle', outcome.bundleId, '--by', 'erin@example.test', '--json']);
    expect(JSON.parse(consent.out)).toMatchObject({ parseState: 'parsed', confirmedBy: 'erin@example.test' });
    const plan = JSON.parse((await run(['purge', '--dry-run', '--json'])).out) as { dryRun: boolean; candidates: { bundleId: string; reason: string }[] };
    expect(plan.dryRun).toBe(true);
    expect(plan.candidates.map((c) => c.bundleId)).toEqual([outcome.bundleId]);
    const rotate = JSON.parse((await run(['keys', 'rotate', '--json'])).out) as { reencrypted: number };
    expect(rotate.reencrypted).toBe(1);
    const purge = JSON.parse((await run(['purge', '--json'])).out) as { purged: string[] };
    expect(purge.purged).toEqual([outcome.bundleId]);
    const broken = path.join(dir, 'trace-20261126T215803Z-cli.zip');
    fs.writeFileSync(broken, 'nope');
    const refused = await run(['ingest', broken]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/NOT_A_ZIP/);
  });
});
