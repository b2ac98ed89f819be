// A file refused by the watched folder always gets its reason file, however long its name.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { moveToRejected, reasonFileName } from '@/lib/ingest/rejected';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-rejected-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function refuse(name: string) {
  const work = path.join(dir, 'work');
  fs.writeFileSync(work, 'not a zip');
  moveToRejected(dir, work, name, ['NOT_ZIP: The file is not a zip archive.']);
  return fs.readdirSync(path.join(dir, 'rejected')).sort();
}

describe('rejected/', () => {
  it('keeps the usual name.reason.txt for ordinary names', () => {
    expect(refuse('trace-20261126T215803Z-ui.zip')).toEqual(['trace-20261126T215803Z-ui.zip', 'trace-20261126T215803Z-ui.zip.reason.txt']);
  });

  it.each([245, 250, 255])('writes a reason file for a %i-character name, naming the file inside', (length) => {
    const name = `trace-${'x'.repeat(length - 10)}.zip`;
    expect(name).toHaveLength(length);
    const files = refuse(name);
    expect(files).toContain(name);
    const reason = files.find((f) => f.endsWith('.reason.txt'));
    expect(reason).toBeDefined();
    const text = fs.readFileSync(path.join(dir, 'rejected', reason!), 'utf8');
    expect(text).toBe(`File: ${name}\nNOT_ZIP: The file is not a zip archive.\n`);
  });

  it('counts bytes, not characters, for multi-byte names', () => {
    const name = `${'é'.repeat(125)}.zip`;
    expect(Buffer.byteLength(reasonFileName(name).name)).toBeLessThanOrEqual(255);
    expect(refuse(name).some((f) => f.endsWith('.reason.txt'))).toBe(true);
  });

  it('writes the refused file and its reason readable by the server user only', () => {
    const name = 'trace-20261126T215803Z-ui.zip';
    refuse(name);
    expect(fs.statSync(path.join(dir, 'rejected', `${name}.reason.txt`)).mode & 0o777).toBe(0o600);
  });
});
