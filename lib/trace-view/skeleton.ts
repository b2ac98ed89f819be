// The timeline skeleton: a bundle's whole span tree in pre-order as typed arrays plus string
// tables, encoded in one binary blob (built once on the server, decoded zero-copy in the browser).
// Layout: "X4SK", u32 version, u32 header length, JSON header, then 8-byte-aligned arrays.
//
// Each column is sent in the narrowest type that holds it exactly (depth, service and name in one
// or two bytes, start and duration as 32-bit integers when they are whole µs under 71 minutes),
// subtree sizes are left out (the depths give them), and the span ids travel apart (encodeSpanIds).
// The browser waits for this part before the timeline is live, and for the ids only to show or
// take a span's id: at 1M spans with random ids, 12 MB (2.4 MB gzipped) to wait for, not 41 MB
// (9.4 MB gzipped), the ids being 8 MB nothing compresses.

export const FLAG_ERROR = 1;
/** The span names a parent that is not in the bundle. */
export const FLAG_ORPHAN = 2;
/** The span starts before its parent or ends after it. */
export const FLAG_SKEW = 4;
/** The source gave no timestamp (Zipkin allows that): drawn at its parent's start, no bar. */
export const FLAG_NO_TIME = 8;

const MAGIC = 0x4b533458; // "X4SK" little-endian
const IDS_MAGIC = 0x44493458; // "X4ID"
/** The gzip level skeletons and their ids are cached with (served as they are, with Content-Encoding: gzip). */
export const SKELETON_GZIP_LEVEL = 4;
const VERSION = 2;
const IDS_VERSION = 1;

/** A column of small whole numbers, in the narrowest type that holds them. */
export type UintColumn = Uint8Array | Uint16Array | Uint32Array;
/** µs: whole numbers under 2^32 as 32 bits, else 64-bit floats. */
export type TimeColumn = Uint32Array | Float64Array;

export interface Skeleton {
  count: number;
  /** Epoch µs that `start` offsets count from (the earliest timed span). */
  baseUs: number;
  services: string[];
  names: string[];
  traceIds: string[];
  /** traceFirst[k] is the position of trace k's first span; traceFirst[traces] = count. */
  traceFirst: Int32Array;
  /** Missing parent id of each orphan root, by position. */
  orphanParent: Map<number, string>;
  depth: UintColumn;
  /** Derived from the depths when decoded. */
  subtreeSize: Int32Array;
  /** µs since baseUs. */
  start: TimeColumn;
  /** µs. */
  duration: TimeColumn;
  flags: Uint8Array;
  service: UintColumn;
  name: UintColumn;
}

/** The span ids by position: 8 bytes each when every id is 16 hex digits, else UTF-8 with offsets. */
export interface SpanIds {
  count: number;
  bytes: Uint8Array;
  offsets: Uint32Array | null;
}

/** A skeleton as built: the tree, and its span ids (sent apart). */
export interface EncodedSkeleton {
  skeleton: Uint8Array;
  ids: Uint8Array;
}

export interface SkeletonRow {
  depth: number;
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  /** True when the parent was found in the bundle (parentSeq not null). */
  hasParent: boolean;
  service: string;
  name: string;
  startUs: number;
  durationUs: number;
  error: boolean;
}

type ColumnType = 'u8' | 'u16' | 'u32' | 'i32' | 'f64';

interface Header {
  count: number;
  baseUs: number;
  services: string[];
  names: string[];
  traceIds: string[];
  orphanPos: number[];
  orphanParent: string[];
  sections: { name: string; type: ColumnType; offset: number; length: number }[];
}

/** Value of a lowercase hex digit by char code, -1 for any other code below 128. */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c++) HEX_DIGIT['0123456789abcdef'.charCodeAt(c)] = c;

/**
 * The ids as 8 bytes each when every one is 16 lowercase hex digits, else null. Char codes
 * rather than a regex test and eight parseInt(slice) per id: finish() for 1M ids took 0.47 s of
 * CPU that way, 0.16 s this way (and the regex was another 0.12 s of a 1M-span parse).
 */
function hex64Ids(ids: string[], n: number): Uint8Array | null {
  const out = new Uint8Array(n * 8);
  for (let i = 0; i < n; i++) {
    const id = ids[i]!;
    if (id.length !== 16) return null;
    for (let b = 0; b < 8; b++) {
      const hi = id.charCodeAt(2 * b);
      const lo = id.charCodeAt(2 * b + 1);
      const h = hi < 128 ? HEX_DIGIT[hi]! : -1;
      const l = lo < 128 ? HEX_DIGIT[lo]! : -1;
      if (h < 0 || l < 0) return null;
      out[i * 8 + b] = (h << 4) | l;
    }
  }
  return out;
}

/**
 * Accumulates rows given in pre-order (the spans table's `pos` order) and encodes the skeleton.
 * Clock skew is found here, against the nearest ancestor on the depth stack.
 */
export class SkeletonBuilder {
  private n = 0;
  private readonly depth: Int32Array;
  private readonly startAbs: Float64Array;
  private readonly duration: Float64Array;
  private readonly flags: Uint8Array;
  private readonly service: Uint32Array;
  private readonly name: Uint32Array;
  private readonly ids: string[] = [];
  private readonly services = new Map<string, number>();
  private readonly names = new Map<string, number>();
  private readonly traceIds: string[] = [];
  private readonly traceFirst: number[] = [];
  private lastTrace: string | null = null;
  private readonly orphanPos: number[] = [];
  private readonly orphanParent: string[] = [];
  private readonly stack: number[] = [];

  constructor(private readonly capacity: number) {
    this.depth = new Int32Array(capacity);
    this.startAbs = new Float64Array(capacity);
    this.duration = new Float64Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.service = new Uint32Array(capacity);
    this.name = new Uint32Array(capacity);
  }

  private intern(map: Map<string, number>, value: string): number {
    let i = map.get(value);
    if (i === undefined) {
      i = map.size;
      map.set(value, i);
    }
    return i;
  }

  add(row: SkeletonRow): void {
    const i = this.n;
    if (i >= this.capacity) throw new Error('SkeletonBuilder: more rows than its capacity');
    this.n++;
    if (row.traceId !== this.lastTrace) {
      this.traceIds.push(row.traceId);
      this.traceFirst.push(i);
      this.lastTrace = row.traceId;
    }
    this.depth[i] = row.depth;
    this.duration[i] = Math.max(0, row.durationUs);
    this.service[i] = this.intern(this.services, row.service);
    this.name[i] = this.intern(this.names, row.name);
    this.ids.push(row.spanId);
    let f = row.error ? FLAG_ERROR : 0;
    if (row.depth === 0 && row.parentSpanId && !row.hasParent) {
      f |= FLAG_ORPHAN;
      this.orphanPos.push(i);
      this.orphanParent.push(row.parentSpanId);
    }
    this.stack.length = row.depth;
    const parent = row.depth > 0 ? this.stack[row.depth - 1] : undefined;
    if (row.startUs <= 0) {
      f |= FLAG_NO_TIME;
      this.startAbs[i] = parent !== undefined ? this.startAbs[parent] : 0;
      this.duration[i] = 0;
    } else {
      this.startAbs[i] = row.startUs;
      if (parent !== undefined && !(this.flags[parent] & FLAG_NO_TIME)) {
        const ps = this.startAbs[parent];
        if (row.startUs < ps || row.startUs + this.duration[i] > ps + this.duration[parent]) f |= FLAG_SKEW;
      }
    }
    this.flags[i] = f;
    this.stack.push(i);
  }

  /** The encoded skeleton and its ids. */
  finish(): EncodedSkeleton {
    const n = this.n;
    let baseUs = Infinity;
    for (let i = 0; i < n; i++) if (!(this.flags[i] & FLAG_NO_TIME) && this.startAbs[i] < baseUs) baseUs = this.startAbs[i];
    if (!Number.isFinite(baseUs)) baseUs = 0;
    const start = new Float64Array(n);
    for (let i = 0; i < n; i++) start[i] = this.flags[i] & FLAG_NO_TIME && this.startAbs[i] === 0 ? 0 : this.startAbs[i] - baseUs;

    const traceFirst = Int32Array.from([...this.traceFirst, n]);
    const arrays: [string, ArrayBufferView & { length: number }][] = [
      ['depth', narrowUint(this.depth.subarray(0, n))],
      ['start', timeColumn(start)],
      ['duration', timeColumn(this.duration.subarray(0, n))],
      ['flags', this.flags.subarray(0, n)],
      ['service', narrowUint(this.service.subarray(0, n))],
      ['name', narrowUint(this.name.subarray(0, n))],
      ['traceFirst', traceFirst],
    ];
    const header: Header = {
      count: n,
      baseUs,
      services: [...this.services.keys()],
      names: [...this.names.keys()],
      traceIds: this.traceIds,
      orphanPos: this.orphanPos,
      orphanParent: this.orphanParent,
      sections: [],
    };
    // Section offsets are relative to the data area, which starts 8-aligned after the header.
    let offset = 0;
    header.sections = arrays.map(([name, view]) => {
      const section = { name, type: typeOf(view), offset, length: view.length };
      offset = align8(offset + view.byteLength);
      return section;
    });
    const headerBytes = new TextEncoder().encode(JSON.stringify(header));
    const dataStart = align8(12 + headerBytes.length);
    const out = new Uint8Array(dataStart + offset);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, MAGIC, true);
    dv.setUint32(4, VERSION, true);
    dv.setUint32(8, headerBytes.length, true);
    out.set(headerBytes, 12);
    arrays.forEach(([, view], k) => out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), dataStart + header.sections[k].offset));
    return { skeleton: out, ids: encodeSpanIds(this.ids, n) };
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
}

/** `values` in the narrowest unsigned type that holds its largest. */
function narrowUint(values: Int32Array | Uint32Array): UintColumn {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  const out = max < 256 ? new Uint8Array(values.length) : max < 65536 ? new Uint16Array(values.length) : new Uint32Array(values.length);
  out.set(values);
  return out;
}

/** µs as 32-bit integers when every one is whole and under 2^32 (71 minutes), else as they are. */
function timeColumn(values: Float64Array): TimeColumn {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!(v >= 0 && v < 4294967296 && Math.floor(v) === v)) return values;
  }
  const out = new Uint32Array(values.length);
  out.set(values);
  return out;
}

function typeOf(view: ArrayBufferView): ColumnType {
  if (view instanceof Uint8Array) return 'u8';
  if (view instanceof Uint16Array) return 'u16';
  if (view instanceof Uint32Array) return 'u32';
  if (view instanceof Int32Array) return 'i32';
  if (view instanceof Float64Array) return 'f64';
  throw new Error('skeleton: no section type for this column');
}

/** The bytes of `view` in an ArrayBuffer of their own (so aligned for decoding). */
export function ownBuffer(view: Uint8Array): ArrayBuffer {
  return view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength) as ArrayBuffer;
}

/** Decodes an encoded skeleton; the arrays are views on `buffer` (which must start 8-aligned). */
export function decodeSkeleton(buffer: ArrayBuffer): Skeleton {
  const dv = new DataView(buffer);
  if (buffer.byteLength < 12 || dv.getUint32(0, true) !== MAGIC) throw new Error('not a timeline skeleton');
  if (dv.getUint32(4, true) !== VERSION) throw new Error('unsupported timeline skeleton version');
  const headerLength = dv.getUint32(8, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(buffer, 12, headerLength))) as Header;
  const dataStart = align8(12 + headerLength);
  const view = (name: string) => {
    const s = header.sections.find((x) => x.name === name);
    if (!s) throw new Error(`timeline skeleton: no ${name} section`);
    const at = dataStart + s.offset;
    switch (s.type) {
      case 'u8': return new Uint8Array(buffer, at, s.length);
      case 'u16': return new Uint16Array(buffer, at, s.length);
      case 'u32': return new Uint32Array(buffer, at, s.length);
      case 'i32': return new Int32Array(buffer, at, s.length);
      default: return new Float64Array(buffer, at, s.length);
    }
  };
  const orphanParent = new Map<number, string>();
  header.orphanPos.forEach((p, k) => orphanParent.set(p, header.orphanParent[k]));
  const depth = view('depth') as UintColumn;
  return {
    count: header.count,
    baseUs: header.baseUs,
    services: header.services,
    names: header.names,
    traceIds: header.traceIds,
    traceFirst: view('traceFirst') as Int32Array,
    orphanParent,
    depth,
    subtreeSize: subtreeSizes(depth),
    start: view('start') as TimeColumn,
    duration: view('duration') as TimeColumn,
    flags: view('flags') as Uint8Array,
    service: view('service') as UintColumn,
    name: view('name') as UintColumn,
  };
}

/**
 * Subtree sizes from depths in pre-order, from the last span back: a span's subtree runs over its
 * children's subtrees (the spans after it that are deeper), each skipped whole. Every span is
 * stepped over once, by its parent; nothing is allocated but the result.
 */
export function subtreeSizes(depth: UintColumn): Int32Array {
  const n = depth.length;
  const size = new Int32Array(n);
  for (let i = n - 1; i >= 0; i--) {
    const d = depth[i];
    let j = i + 1;
    while (j < n && depth[j] > d) j += size[j];
    size[i] = j - i;
  }
  return size;
}

/** The span ids of a skeleton's `n` positions, encoded: "X4ID", u32 version, u32 mode, u32 count, then the bytes. */
export function encodeSpanIds(ids: string[], n = ids.length): Uint8Array {
  const hex = hex64Ids(ids, n);
  let body: Uint8Array;
  if (hex) {
    body = hex;
  } else {
    const encoder = new TextEncoder();
    const parts = ids.slice(0, n).map((id) => encoder.encode(id));
    const offsets = new Uint32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + parts[i].length;
    body = new Uint8Array(offsets.byteLength + offsets[n]);
    body.set(new Uint8Array(offsets.buffer), 0);
    parts.forEach((p, i) => body.set(p, offsets.byteLength + offsets[i]));
  }
  const out = new Uint8Array(16 + body.byteLength);
  const dv = new DataView(out.buffer);
  dv.setUint32(0, IDS_MAGIC, true);
  dv.setUint32(4, IDS_VERSION, true);
  dv.setUint32(8, hex ? 0 : 1, true);
  dv.setUint32(12, n, true);
  out.set(body, 16);
  return out;
}

/** Decodes encoded span ids; views on `buffer` (which must start 4-aligned). */
export function decodeSpanIds(buffer: ArrayBuffer): SpanIds {
  const dv = new DataView(buffer);
  if (buffer.byteLength < 16 || dv.getUint32(0, true) !== IDS_MAGIC) throw new Error('not the span ids of a timeline skeleton');
  if (dv.getUint32(4, true) !== IDS_VERSION) throw new Error('unsupported span ids version');
  const count = dv.getUint32(12, true);
  if (dv.getUint32(8, true) === 0) return { count, bytes: new Uint8Array(buffer, 16, count * 8), offsets: null };
  const offsets = new Uint32Array(buffer, 16, count + 1);
  return { count, bytes: new Uint8Array(buffer, 16 + offsets.byteLength, offsets[count]), offsets };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const utf8 = new TextDecoder();

/** The span id at a position. */
export function spanIdAt(ids: SpanIds, pos: number): string {
  if (ids.offsets) return utf8.decode(ids.bytes.subarray(ids.offsets[pos], ids.offsets[pos + 1]));
  let s = '';
  for (let b = pos * 8; b < pos * 8 + 8; b++) s += HEX[ids.bytes[b]];
  return s;
}

/** The trace (index into traceIds) holding a position: binary search over traceFirst. */
export function traceOf(sk: Skeleton, pos: number): number {
  let lo = 0;
  let hi = sk.traceIds.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sk.traceFirst[mid] <= pos) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Convenience for tests and small inputs: build a skeleton from rows in pre-order. */
export function buildSkeleton(rows: SkeletonRow[]): EncodedSkeleton {
  const b = new SkeletonBuilder(rows.length);
  for (const r of rows) b.add(r);
  return b.finish();
}
