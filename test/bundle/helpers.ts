// Shared helpers for the bundle engine tests: temp files and a raw zip writer for archives that
// well-behaved zip libraries refuse to produce (symlinks, encryption flags, lying sizes...).

import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

export const CORPUS_DIR = resolve(process.cwd(), '../shared/corpus/traces');
export const HAS_CORPUS = existsSync(CORPUS_DIR);

const dir = mkdtempSync(join(tmpdir(), 'x400-bundle-test-'));

export function tmpFile(name: string, data: Uint8Array | string): string {
  const sub = mkdtempSync(join(dir, 'f-'));
  const p = join(sub, name);
  writeFileSync(p, data);
  return p;
}

export interface RawEntry {
  name: string;
  data: Buffer | string;
  method?: 0 | 8;
  flags?: number;
  externalAttrs?: number;
  versionMadeBy?: number;
  /** Lie about the inflated size in the headers. */
  declaredSize?: number;
  declaredCompressedSize?: number;
  crc?: number;
}

/** Writes a zip byte by byte. `zip64` writes ZIP64 records and extra fields for every entry. */
export function rawZip(entries: RawEntry[], opts: { zip64?: boolean } = {}): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const data = Buffer.isBuffer(e.data) ? e.data : Buffer.from(e.data);
    const method = e.method ?? 8;
    const comp = method === 8 ? deflateRawSync(data) : data;
    const name = Buffer.from(e.name, 'utf8');
    const crc = e.crc ?? crc32(data);
    const size = e.declaredSize ?? data.length;
    const csize = e.declaredCompressedSize ?? comp.length;
    const z64 = !!opts.zip64;
    const extra = z64 ? Buffer.alloc(4 + 24) : Buffer.alloc(0);
    if (z64) {
      extra.writeUInt16LE(1, 0); extra.writeUInt16LE(24, 2);
      extra.writeBigUInt64LE(BigInt(size), 4); extra.writeBigUInt64LE(BigInt(csize), 12); extra.writeBigUInt64LE(BigInt(offset), 20);
    }
    const lh = Buffer.alloc(30);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(z64 ? 45 : 20, 4); lh.writeUInt16LE((e.flags ?? 0) | 0x800, 6); lh.writeUInt16LE(method, 8);
    lh.writeUInt32LE(crc >>> 0, 14); lh.writeUInt32LE(z64 ? 0xffffffff : csize, 18); lh.writeUInt32LE(z64 ? 0xffffffff : size, 22);
    lh.writeUInt16LE(name.length, 26); lh.writeUInt16LE(z64 ? 20 : 0, 28);
    const lextra = z64 ? Buffer.concat([Buffer.from([1, 0, 16, 0]), (() => { const b = Buffer.alloc(16); b.writeBigUInt64LE(BigInt(size), 0); b.writeBigUInt64LE(BigInt(csize), 8); return b; })()]) : Buffer.alloc(0);
    const local = Buffer.concat([lh, name, lextra, comp]);
    const ch = Buffer.alloc(46);
    ch.writeUInt32LE(0x02014b50, 0); ch.writeUInt16LE(e.versionMadeBy ?? (3 << 8) | 20, 4); ch.writeUInt16LE(z64 ? 45 : 20, 6);
    ch.writeUInt16LE((e.flags ?? 0) | 0x800, 8); ch.writeUInt16LE(method, 10); ch.writeUInt32LE(crc >>> 0, 16);
    ch.writeUInt32LE(z64 ? 0xffffffff : csize, 20); ch.writeUInt32LE(z64 ? 0xffffffff : size, 24); ch.writeUInt16LE(name.length, 28);
    ch.writeUInt16LE(extra.length, 30); ch.writeUInt32LE((e.externalAttrs ?? (0o100644 << 16)) >>> 0, 38); ch.writeUInt32LE(z64 ? 0xffffffff : offset, 42);
    central.push(Buffer.concat([ch, name, extra]));
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(central);
  const tail: Buffer[] = [];
  if (opts.zip64) {
    const rec = Buffer.alloc(56);
    rec.writeUInt32LE(0x06064b50, 0); rec.writeBigUInt64LE(44n, 4); rec.writeUInt16LE(45, 12); rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(entries.length), 24); rec.writeBigUInt64LE(BigInt(entries.length), 32);
    rec.writeBigUInt64LE(BigInt(cd.length), 40); rec.writeBigUInt64LE(BigInt(offset), 48);
    const loc = Buffer.alloc(20);
    loc.writeUInt32LE(0x07064b50, 0); loc.writeBigUInt64LE(BigInt(offset + cd.length), 8); loc.writeUInt32LE(1, 16);
    tail.push(rec, loc);
  }
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(opts.zip64 ? 0xffff : entries.length, 8); eocd.writeUInt16LE(opts.zip64 ? 0xffff : entries.length, 10);
  eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : cd.length, 12); eocd.writeUInt32LE(opts.zip64 ? 0xffffffff : offset, 16);
  return Buffer.concat([...locals, cd, ...tail, eocd]);
}

export const GOOD_NAME = 'trace-20261126T215803Z-cli.zip';

export function goodMetadata(over: Record<string, unknown> = {}): string {
  return JSON.stringify({
    schemaVersion: 1, bundleId: '0f9c3a6e-5d1b-4c1e-9a77-2b8f3d4e5a61', createdAt: '2026-11-26T21:58:03.120Z', channel: 'cli',
    telemetry: { enabled: true, consentedAt: '2026-11-20T10:00:00Z', retentionDays: 30 }, ...over,
  });
}

export const SMALL_TRACE = JSON.stringify({ resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-gateway' } }] }, scopeSpans: [{ scope: { name: 's' }, spans: [{ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', name: 'gateway.inbound', kind: 2, startTimeUnixNano: '1795730283000000000', endTimeUnixNano: '1795730283100000000' }] }] }] });
export const SMALL_SNAPSHOT = JSON.stringify({ capturedAt: '2026-11-26T21:58:00Z', intervalSeconds: 10, series: [] });

export function goodEntries(): RawEntry[] {
  return [
    { name: 'metadata.json', data: goodMetadata() },
    { name: 'snapshot.json', data: SMALL_SNAPSHOT },
    { name: 'trace.json', data: SMALL_TRACE },
  ];
}
