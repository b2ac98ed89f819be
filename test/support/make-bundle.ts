// Builds bundle zips for tests, e2e seeding and the benchmark: from parts, with a streaming path
// (fflate's streaming Zip, written to disk as it goes) for traces too big for one string.

import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

type Piece = string | Uint8Array;
export type TraceSource = unknown | Piece | Iterable<Piece>;

export interface BundleParts {
  /** Defaults to trace-<createdAt as YYYYMMDDTHHMMSSZ>-<channel>.zip */
  fileName?: string;
  /** Deep-merged over a valid metadata.json (consent granted); `null` values remove a key. */
  metadata?: Record<string, unknown>;
  /** Replaces metadata.json verbatim (hostile tests). */
  metadataRaw?: Piece;
  snapshot?: unknown;
  /** An object (serialised), a string/bytes (verbatim), or an iterable of string/byte pieces (streamed). */
  trace?: TraceSource;
  /** ndjson text, or objects written one per line. */
  logs?: string | unknown[];
  config?: unknown;
  extraEntries?: Record<string, Piece>;
  /** Required entries to leave out. */
  omit?: string[];
  /** Deflate level 0 (stored) to 9; default 6. */
  level?: number;
}

export const DEFAULT_CREATED_AT = '2026-11-26T21:58:03.120Z';

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);
}

function deepMerge(base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else if (isPlainObject(v) && isPlainObject(out[k])) out[k] = deepMerge(out[k] as Record<string, unknown>, v);
    else out[k] = v;
  }
  return out;
}

export function defaultMetadata(over: Record<string, unknown> = {}): Record<string, unknown> {
  const base = {
    schemaVersion: 1,
    bundleId: randomUUID(),
    createdAt: DEFAULT_CREATED_AT,
    channel: 'cli',
    product: { name: 'x400', version: '4.12.0' },
    tenant: { id: 'acme-prod' },
    telemetry: { enabled: true, consentedAt: '2026-11-20T10:00:00Z', scope: ['traces', 'metrics', 'logs'], retentionDays: 30 },
    redaction: { applied: true, engine: 'x400-redact', rulesVersion: '2026.09' },
    reportedAt: ['2026-11-26T21:40:00Z'],
  };
  return deepMerge(base, over);
}

/** trace-YYYYMMDDTHHMMSSZ-<channel>.zip for a time and channel. */
export function bundleFileName(createdAt: string, channel: string): string {
  const d = new Date(createdAt);
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  return `trace-${p(d.getUTCFullYear(), 4)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}T${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}Z-${channel}.zip`;
}

function isPieceIterable(v: unknown): v is Iterable<Piece> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array) && typeof (v as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function';
}

function toU8(p: Piece): Uint8Array {
  return typeof p === 'string' ? strToU8(p) : p;
}

/** Writes the bundle through `sink` chunk by chunk; returns the file name and metadata used. */
function buildZip(parts: BundleParts, sink: (chunk: Uint8Array) => void): { fileName: string; metadata: Record<string, unknown> } {
  const metadata = defaultMetadata(parts.metadata);
  const fileName = parts.fileName ?? bundleFileName(String(metadata.createdAt), String(metadata.channel));
  const omit = new Set(parts.omit ?? []);
  const level = (parts.level ?? 6) as 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
  let error: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) error = err;
    else sink(data);
  });
  const add = (name: string, source: Piece | Iterable<Piece>) => {
    const file = level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level });
    zip.add(file);
    if (isPieceIterable(source)) {
      let buffered: Uint8Array[] = [];
      let size = 0;
      for (const piece of source) {
        const u8 = toU8(piece);
        buffered.push(u8);
        size += u8.length;
        if (size >= 1 << 20) {
          file.push(concat(buffered, size));
          buffered = [];
          size = 0;
        }
      }
      file.push(concat(buffered, size), true);
    } else {
      file.push(toU8(source), true);
    }
  };
  if (!omit.has('metadata.json')) add('metadata.json', parts.metadataRaw ?? JSON.stringify(metadata, null, 2));
  if (!omit.has('snapshot.json')) add('snapshot.json', serialise(parts.snapshot ?? generateSnapshot({ pointsPerSeries: 30 })));
  if (!omit.has('trace.json')) add('trace.json', parts.trace === undefined ? generateGatewayTrace({ spans: 40, errorRate: 0.1, seed: 1 }) : traceSource(parts.trace));
  if (parts.logs !== undefined) add('logs.ndjson', typeof parts.logs === 'string' ? parts.logs : parts.logs.map((l) => JSON.stringify(l)).join('\n') + '\n');
  if (parts.config !== undefined) add('config.json', serialise(parts.config));
  for (const [name, data] of Object.entries(parts.extraEntries ?? {})) add(name, data);
  zip.end();
  if (error) throw error;
  return { fileName, metadata };
}

function traceSource(t: TraceSource): Piece | Iterable<Piece> {
  if (typeof t === 'string' || t instanceof Uint8Array || isPieceIterable(t)) return t as Piece | Iterable<Piece>;
  return JSON.stringify(t);
}

function serialise(v: unknown): Piece {
  return typeof v === 'string' || v instanceof Uint8Array ? v : JSON.stringify(v);
}

function concat(list: Uint8Array[], size: number): Uint8Array {
  if (list.length === 1) return list[0];
  const out = new Uint8Array(size);
  let o = 0;
  for (const u of list) { out.set(u, o); o += u.length; }
  return out;
}

/** Builds a bundle in memory. */
export function makeBundle(parts: BundleParts = {}): { fileName: string; buffer: Buffer; metadata: Record<string, unknown> } {
  const chunks: Uint8Array[] = [];
  const { fileName, metadata } = buildZip(parts, (c) => chunks.push(c));
  return { fileName, buffer: Buffer.concat(chunks), metadata };
}

/** Streams a bundle to `dir/<fileName>` (for huge traces); returns its path. */
export function writeBundle(dir: string, parts: BundleParts = {}): { fileName: string; path: string; metadata: Record<string, unknown> } {
  const metadata = defaultMetadata(parts.metadata);
  const name = parts.fileName ?? bundleFileName(String(metadata.createdAt), String(metadata.channel));
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  try {
    const res = buildZip({ ...parts, fileName: name, metadata: { ...parts.metadata, bundleId: metadata.bundleId } }, (c) => { writeSync(fd, c); });
    return { fileName: res.fileName, path, metadata: res.metadata };
  } finally {
    closeSync(fd);
  }
}

// ---------------------------------------------------------------- synthetic gateway data

/** mulberry32: small, seedable, good enough for test data. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function hex(rand: () => number, bytes: number): string {
  let s = '';
  for (let i = 0; i < bytes; i += 4) s += ((rand() * 4294967296) >>> 0).toString(16).padStart(8, '0');
  return s.slice(0, bytes * 2);
}

const ERROR_CODES = ['X400-2102', 'X400-3004', 'X400-4001', 'X400-5001', 'X400-3001'];
const STEPS: { service: string; name: string; kind: number; parent: number }[] = [
  { service: 'x400-gateway', name: 'gateway.inbound', kind: 2, parent: -1 },
  { service: 'x400-gateway', name: 'directory.lookup', kind: 3, parent: 0 },
  { service: 'x400-queue', name: 'queue.enqueue', kind: 4, parent: 0 },
  { service: 'x400-queue', name: 'queue.dispatch', kind: 5, parent: 2 },
  { service: 'x400-mta', name: 'mta.transfer', kind: 3, parent: 3 },
  { service: 'x400-gateway', name: 'gateway.outbound', kind: 3, parent: 4 },
];

export interface GatewayTraceOptions {
  spans: number;
  /** Share of traces that fail (their last span is an error carrying x400.* attributes). */
  errorRate?: number;
  seed?: number;
  /** Epoch ms of the first trace. */
  startMs?: number;
  /** Traces per resourceSpans batch. */
  tracesPerBatch?: number;
}

function attr(key: string, value: string | number): string {
  return typeof value === 'number'
    ? `{"key":${JSON.stringify(key)},"value":{"intValue":"${value}"}}`
    : `{"key":${JSON.stringify(key)},"value":{"stringValue":${JSON.stringify(value)}}}`;
}

/**
 * A realistic OTLP/JSON trace.json of the gateway, as string pieces (stream them into a bundle;
 * join them for small N). Each message is one trace of up to six spans across x400 services.
 */
export function* generateGatewayTrace(opts: GatewayTraceOptions): Generator<string> {
  const rand = seededRandom(opts.seed ?? 42);
  const errorRate = opts.errorRate ?? 0.05;
  const perBatch = opts.tracesPerBatch ?? 500;
  let t = BigInt(opts.startMs ?? Date.parse('2026-11-26T21:00:00Z')) * 1_000_000n;
  let remaining = opts.spans;
  let firstBatch = true;
  yield '{"resourceSpans":[';
  while (remaining > 0) {
    const byService = new Map<string, string[]>();
    for (let tr = 0; tr < perBatch && remaining > 0; tr++) {
      const traceId = hex(rand, 16);
      const n = Math.min(STEPS.length, remaining);
      remaining -= n;
      const failing = rand() < errorRate;
      const ids: string[] = [];
      const msgId = `msg-${hex(rand, 6)}`;
      let start = t;
      t += BigInt(Math.floor(rand() * 50_000_000));
      for (let i = 0; i < n; i++) {
        const step = STEPS[i];
        const spanId = hex(rand, 8);
        ids.push(spanId);
        const durNs = BigInt(Math.floor((1 + rand() * 200) * 1_000_000));
        start += BigInt(Math.floor(rand() * 2_000_000));
        const end = start + durNs;
        const isError = failing && i === n - 1;
        const attrs = [attr('x400.message.id', msgId), attr('x400.queue', i < 3 ? 'inbound' : 'outbound'), attr('x400.recipients', 1 + Math.floor(rand() * 5)), attr('net.peer.name', `mta${1 + Math.floor(rand() * 4)}.example.net`)];
        let status = '{"code":0}';
        let events = '';
        if (isError) {
          const code = ERROR_CODES[Math.floor(rand() * ERROR_CODES.length)];
          const reason = Math.floor(rand() * 2);
          const diag = [2, 4, 5, 17][Math.floor(rand() * 4)];
          attrs.push(attr('x400.error.code', code), attr('x400.ndr.reason', reason), attr('x400.ndr.diagnostic', diag));
          status = `{"code":2,"message":"${code}"}`;
          events = `,"events":[{"timeUnixNano":"${end}","name":"exception","attributes":[${attr('exception.type', 'X400TransferException')},${attr('exception.message', `${code}: transfer to next hop failed`)}]}]`;
        }
        const parent = step.parent >= 0 && step.parent < ids.length ? `,"parentSpanId":"${ids[step.parent]}"` : '';
        const json = `{"traceId":"${traceId}","spanId":"${spanId}"${parent},"name":"${step.name}","kind":${step.kind},"startTimeUnixNano":"${start}","endTimeUnixNano":"${end}","attributes":[${attrs.join(',')}],"status":${status}${events}}`;
        const list = byService.get(step.service);
        if (list) list.push(json);
        else byService.set(step.service, [json]);
      }
    }
    for (const [service, spans] of byService) {
      yield `${firstBatch ? '' : ','}{"resource":{"attributes":[${attr('service.name', service)},${attr('service.version', '4.12.0')}]},"scopeSpans":[{"scope":{"name":"x400.${service.slice(5)}","version":"4.12.0"},"spans":[`;
      firstBatch = false;
      for (let i = 0; i < spans.length; i++) yield (i ? ',' : '') + spans[i];
      yield ']}]}';
    }
  }
  yield ']}';
}

export interface SnapshotOptions {
  pointsPerSeries: number;
  seed?: number;
  startMs?: number;
  intervalSeconds?: number;
  /** Share of points that are null gaps. */
  gapRate?: number;
}

/** A snapshot.json object with queue.depth per queue, errors.count per code, latency.ms per operation and quantile. */
export function generateSnapshot(opts: SnapshotOptions): Record<string, unknown> {
  const rand = seededRandom(opts.seed ?? 7);
  const interval = opts.intervalSeconds ?? 10;
  const start = opts.startMs ?? Date.parse('2026-11-26T20:00:00Z');
  const gap = opts.gapRate ?? 0.01;
  const points = (gen: (i: number) => number) => {
    const out: [number, number | null][] = [];
    for (let i = 0; i < opts.pointsPerSeries; i++) out.push([start + i * interval * 1000, rand() < gap ? null : gen(i)]);
    return out;
  };
  const series: unknown[] = [];
  for (const queue of ['inbound', 'outbound', 'retry']) {
    series.push({ name: 'queue.depth', unit: 'messages', labels: { queue }, points: points((i) => Math.floor(10 + 40 * Math.abs(Math.sin(i / 50)) + rand() * 5)) });
  }
  for (const code of ERROR_CODES) {
    series.push({ name: 'errors.count', unit: 'errors', labels: { code }, points: points(() => (rand() < 0.1 ? Math.floor(rand() * 4) : 0)) });
  }
  for (const operation of ['gateway.inbound', 'gateway.outbound', 'mta.transfer', 'directory.lookup']) {
    for (const [quantile, base] of [['p50', 40], ['p95', 180], ['p99', 400]] as const) {
      series.push({ name: 'latency.ms', unit: 'ms', labels: { operation, quantile }, points: points(() => Math.round((base + rand() * base) * 10) / 10) });
    }
  }
  return { capturedAt: new Date(start + opts.pointsPerSeries * interval * 1000).toISOString(), intervalSeconds: interval, series };
}

/** Number of series generateSnapshot produces (to size a snapshot by total points). */
export const SNAPSHOT_SERIES_COUNT = 3 + ERROR_CODES.length + 4 * 3;
