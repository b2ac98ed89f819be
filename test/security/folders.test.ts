// A bundle folder that overlaps the data folder (or the upload folder) is refused at start, and
// crash repair only ever deletes names the bundle store itself creates.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from '@/lib/env';
import { sweepStrayObjects } from '@/lib/ingest/repair';
import { isStoredBundleName } from '@/lib/ingest/storage';
import { memoryDb } from '../helpers';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-folders-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('folder settings', () => {
  const env = (extra: Record<string, string>) => ({ X400_APP_ROOT: dir, X400_DATA_DIR: path.join(dir, 'data'), ...extra }) as unknown as NodeJS.ProcessEnv;

  it.each([
    ['the data folder itself', { X400_BUNDLE_DIR: '.' }],
    ['the data folder by absolute path', { X400_BUNDLE_DIR: 'ABS_DATA' }],
    ['a parent of the data folder', { X400_BUNDLE_DIR: '..' }],
    ['the upload folder', { X400_BUNDLE_DIR: 'up', X400_UPLOAD_DIR: 'data/up' }],
    ['inside the upload folder', { X400_BUNDLE_DIR: 'up/store', X400_UPLOAD_DIR: 'data/up' }],
  ])('refuse a bundle folder that is %s', (_label, extra) => {
    const vars = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, v === 'ABS_DATA' ? path.join(dir, 'data') : v]));
    expect(() => readConfig(env(vars))).toThrow(ConfigError);
    expect(() => readConfig(env(vars))).toThrow(/X400_BUNDLE_DIR/);
  });

  it('refuse an upload folder that is the data folder', () => {
    expect(() => readConfig(env({ X400_UPLOAD_DIR: 'data' }))).toThrow(/X400_UPLOAD_DIR/);
  });

  it('accept the defaults and separate folders', () => {
    expect(readConfig(env({})).bundleDir).toBe(path.join(dir, 'data', 'bundles'));
    expect(readConfig(env({ X400_BUNDLE_DIR: path.join(dir, 'store'), X400_UPLOAD_DIR: path.join(dir, 'inbox') })).bundleDir).toBe(path.join(dir, 'store'));
  });
});

describe('crash repair', () => {
  it('deletes only stray files named like stored bundles, never other files in the folder', async () => {
    const store = path.join(dir, 'store');
    fs.mkdirSync(store);
    const foreign = ['x400-support.sqlite', 'x400-support.sqlite-wal', 'x400-data.key', 'notes.txt', 'ABC.zip.enc'];
    for (const name of foreign) fs.writeFileSync(path.join(store, name), 'keep me');
    const strays = ['0f0e0d0c-0b0a-4909-8807-060504030201.zip.enc', '0f0e0d0c-0b0a-4909-8807-060504030202.a1b2c3d4e5f6.zip.enc'];
    for (const name of strays) fs.writeFileSync(path.join(store, name), 'left by a crash');
    const removed = await sweepStrayObjects(memoryDb(), { bundleDir: store }, 0, new Date(Date.now() + 60_000));
    expect(removed.sort()).toEqual(strays);
    expect(fs.readdirSync(store).sort()).toEqual([...foreign].sort());
  });

  it('names it created: <bundle id>.zip.enc only', () => {
    expect(isStoredBundleName('0f0e0d0c-0b0a-4909-8807-060504030201.zip.enc')).toBe(true);
    expect(isStoredBundleName('0f0e0d0c-0b0a-4909-8807-060504030201.a1b2c3d4e5f6.zip.enc')).toBe(true);
    expect(isStoredBundleName('x400-support.sqlite')).toBe(false);
    expect(isStoredBundleName('x400-data.key')).toBe(false);
  });
});
