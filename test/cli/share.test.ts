// `x400-support share`: the CLI door of "Share externally", on the console's implementation.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Decrypter } from 'age-encryption';
import { unzipSync } from 'fflate';
import { allText, RAW, writePlantedBundle } from '../share/planted';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-cli-share-'));
process.env.X400_DATA_DIR = dataDir;
process.env.X400_APP_ROOT = process.cwd();

const { main, consoleIo } = await import('@/lib/cli/main');
const { listAudit } = await import('@/db/queries/audit');

async function run(args: string[], stdin: string | null = null) {
  const out: string[] = [];
  const err: string[] = [];
  const io = { ...consoleIo(), out: (s: string) => out.push(s), err: (s: string) => err.push(s), readStdin: async () => stdin };
  const code = await main(args, io);
  return { code, out: out.join('\n'), err: err.join('\n'), io };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('x400-support share', () => {
  it('writes the sanitized bundle, age-encrypted to a passphrase from a file, and audits it', async () => {
    await run(['user', 'add', '--email', 'eng@example.test', '--role', 'engineer', '--json']);
    const ticket = await run(['ticket', 'create', '--customer', 'Acme', '--contact', 'ops@acme.example', '--severity', '2', '--summary', 'Bounces', '--component', 'gateway']);
    const dir = fs.mkdtempSync(path.join(dataDir, 'in-'));
    const b = writePlantedBundle(dir);
    const bundleId = JSON.parse((await run(['ingest', b.path, '--ticket', ticket.out, '--json'])).out).bundleId as string;

    const out = path.join(dataDir, 'shared.zip.age');
    const passFile = path.join(dataDir, 'pass.txt');
    fs.writeFileSync(passFile, 'correct horse battery staple 42\n');
    const early = await run(['share', '--bundle', bundleId, '--passphrase-file', passFile, '--out', out]);
    expect(early.code).toBe(70);
    expect(early.err).toMatch(/not been confirmed/);
    expect(fs.existsSync(out)).toBe(false);

    // The planted bundle does not parse (an extra entry is broken on purpose); its consent is confirmed.
    const consent = await run(['ticket', 'consent', '--ticket', ticket.out, '--bundle', bundleId, '--by', 'eng@example.test']);
    expect(consent.out).toMatch(/Consent confirmed/);
    const shared = await run(['share', '--bundle', bundleId, '--passphrase-file', passFile, '--out', out, '--purpose', 'vendor case 7', '--json']);
    expect(shared.err).toBe('');
    expect(shared.code).toBe(0);
    const result = JSON.parse(shared.out) as { out: string; size: number; redactions: Record<string, number> };
    expect(result.out).toBe(out);
    expect(fs.statSync(out).size).toBe(result.size);
    expect(result.redactions.email).toBeGreaterThan(0);

    const d = new Decrypter();
    d.addPassphrase('correct horse battery staple 42');
    const zip = await d.decrypt(new Uint8Array(fs.readFileSync(out)));
    expect(Object.keys(unzipSync(zip))).toEqual(expect.arrayContaining(['metadata.json', 'trace.json', 'inspect-report.json']));
    const text = allText(zip);
    for (const value of Object.values(RAW)) expect(text.includes(value)).toBe(false);

    const [entry] = await listAudit(shared.io.db(), { action: 'bundle.share' });
    expect(entry).toMatchObject({ actorEmail: 'cli', targetId: bundleId });
    expect(entry.detail).toMatchObject({ method: 'passphrase', purpose: 'vendor case 7' });
    expect(JSON.stringify(entry.detail)).not.toContain('correct horse');
  }, 120_000);

  it('refuses bad usage with exit 64', async () => {
    expect((await run(['share', '--out', 'x'])).code).toBe(64);
    expect((await run(['share', '--bundle', 'b'])).code).toBe(64);
    const both = await run(['share', '--bundle', 'b', '--out', 'x', '--recipient', 'age1x', '--passphrase-file', 'p']);
    expect(both.code).toBe(64);
    expect(both.err).toMatch(/exactly one/);
    expect((await run(['share', '--bundle', 'b', '--out', 'x', '--passphrase-file', '/nonexistent/pass'])).err).toMatch(/passphrase file/);
    expect((await run(['share', '--help'])).out).toMatch(/--passphrase-file/);
  });
});
