// The encrypted share must open with the standard `age` command-line tool (Debian package `age`).
// Passphrase mode: `age -d` reads the passphrase from the terminal only, so it runs under
// util-linux `script`, which gives it a pseudo-terminal; the passphrase is typed once the prompt
// shows. X25519 mode: an identity from `age-keygen`, then `age -d -i key.txt`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unzipSync } from 'fflate';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { encryptFile, validatePassphrase, validateRecipient } from '@/lib/share/age';
import { INSPECT_REPORT_ENTRY, sanitizeBundle } from '@/lib/share/sanitize';
import { allText, RAW, writePlantedBundle } from './planted';
import { AppError } from '@/lib/errors';

const AGE = '/usr/bin/age';
const hasAge = fs.existsSync(AGE);
if (!hasAge) console.warn('test/share/age.test.ts: /usr/bin/age is absent (apt-get install age): the age CLI decryption tests are skipped.');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-age-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** Runs `age -d -o out in` in a pseudo-terminal and types the passphrase at its prompt. */
function ageDecryptWithPassphrase(input: string, output: string, passphrase: string): Promise<{ code: number | null; transcript: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qec', `${AGE} -d -o ${quote(output)} ${quote(input)}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let transcript = '';
    let typed = false;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const onData = (d: Buffer) => {
      transcript += d.toString();
      if (!typed && /passphrase/i.test(transcript)) {
        typed = true;
        child.stdin.write(`${passphrase}\n`);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearTimeout(timer);
      child.stdin.end();
      resolve({ code, transcript: transcript.split(passphrase).join('<passphrase>') });
    });
  });
}

async function sanitizedBundle(): Promise<string> {
  const b = writePlantedBundle(dir);
  const out = path.join(dir, 'sanitized.zip');
  await sanitizeBundle(b.path, out, { fileName: b.fileName });
  return out;
}

describe('recipient and passphrase checks', () => {
  it('accepts an X25519 public key and explains what is wrong with others', async () => {
    const recipient = await identityToRecipient(await generateIdentity());
    expect(validateRecipient(recipient)).toBe(recipient);
    expect(validateRecipient(`  ${recipient.toUpperCase()} `)).toBe(recipient);
    const why = (s: string) => {
      try {
        validateRecipient(s);
        return 'accepted';
      } catch (err) {
        expect(err).toBeInstanceOf(AppError);
        return (err as Error).message;
      }
    };
    expect(why('')).toMatch(/empty/);
    expect(why(`ssh-ed25519 AAAA${recipient.slice(4)}`)).toMatch(/must start with "age1"/);
    expect(why(recipient.slice(0, -1))).toMatch(/62 characters long.*not 61/);
    expect(why(`${recipient.slice(0, 10)}b${recipient.slice(11)}`)).toMatch(/characters that never appear.*"b"/);
    const flipped = recipient.slice(0, 20) + (recipient[20] === 'q' ? 'p' : 'q') + recipient.slice(21);
    expect(why(flipped)).toMatch(/checksum/);
    expect(why('AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ')).toMatch(/secret key/);
    expect(why(`${recipient.slice(0, 30)}${recipient.slice(30).toUpperCase()}`)).toMatch(/mixes upper and lower case/);
  });

  it('bounds the passphrase length', () => {
    expect(() => validatePassphrase('short')).toThrow(/at least 12/);
    expect(() => validatePassphrase('x'.repeat(201))).toThrow(/at most 200/);
    expect(validatePassphrase('twelve chars')).toBe('twelve chars');
  });
});

describe.skipIf(!hasAge)('the age command-line tool opens the shared file', () => {
  it('passphrase: age -d (typed at its prompt) gives back the sanitized zip; a wrong passphrase does not', async () => {
    const zip = await sanitizedBundle();
    const sealed = path.join(dir, 'bundle.sanitized.zip.age');
    const passphrase = 'orbit-lantern-velvet-quarry-7';
    await encryptFile(zip, sealed, { passphrase });
    expect(fs.readFileSync(sealed).subarray(0, 22).toString()).toBe('age-encryption.org/v1\n');

    const opened = path.join(dir, 'opened.zip');
    const ok = await ageDecryptWithPassphrase(sealed, opened, passphrase);
    expect(ok.code, ok.transcript).toBe(0);
    expect(fs.readFileSync(opened).equals(fs.readFileSync(zip))).toBe(true);
    const files = unzipSync(fs.readFileSync(opened));
    expect(Object.keys(files)).toContain(INSPECT_REPORT_ENTRY);
    expect(Object.keys(files)).toContain('trace.json');
    const text = allText(fs.readFileSync(opened));
    for (const value of Object.values(RAW)) expect(text.includes(value)).toBe(false);

    const wrong = await ageDecryptWithPassphrase(sealed, path.join(dir, 'wrong.zip'), 'not-the-passphrase-at-all');
    expect(wrong.code).not.toBe(0);
    expect(wrong.transcript).toMatch(/incorrect passphrase/);
  }, 120_000);

  it('X25519: age -d -i key.txt (from age-keygen) gives back the sanitized zip, which unzip accepts', async () => {
    const zip = await sanitizedBundle();
    const keyFile = path.join(dir, 'key.txt');
    const keygen = spawnSync('age-keygen', ['-o', keyFile], { encoding: 'utf8' });
    expect(keygen.status, keygen.stderr).toBe(0);
    const recipient = /public key: (age1[0-9a-z]+)/.exec(fs.readFileSync(keyFile, 'utf8'))![1];

    const sealed = path.join(dir, 'bundle.sanitized.zip.age');
    await encryptFile(zip, sealed, { recipient });
    const opened = path.join(dir, 'opened.zip');
    const dec = spawnSync(AGE, ['-d', '-i', keyFile, '-o', opened, sealed], { encoding: 'utf8' });
    expect(dec.status, dec.stderr).toBe(0);
    expect(fs.readFileSync(opened).equals(fs.readFileSync(zip))).toBe(true);

    const unzip = spawnSync('unzip', ['-tq', opened], { encoding: 'utf8' });
    if (unzip.error) console.warn('unzip is absent: skipping its check of the decrypted zip');
    else expect(unzip.status, unzip.stdout + unzip.stderr).toBe(0);

    // another identity cannot open it
    const other = path.join(dir, 'other.txt');
    spawnSync('age-keygen', ['-o', other]);
    const refused = spawnSync(AGE, ['-d', '-i', other, '-o', path.join(dir, 'x.zip'), sealed], { encoding: 'utf8' });
    expect(refused.status).not.toBe(0);
  }, 60_000);
});
