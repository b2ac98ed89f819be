// The timeline skeleton: a bundle's whole span tree in pre-order as typed arrays plus string
// tables, encoded in one binary blob (built once on the server, decoded zero-copy in the browser).
// Layout: "X4SK", u32 version, u32 header length, JSON header, then 8-byte-aligned arrays.

export const FLAG_ERROR = 1;
/** The span names a parent that is not in the bundle. */
export const FLAG_ORPHAN = 2;
/** The span starts before its parent or ends after it. */
export const FLAG_SKEW = 4;
/** The source gave no timestamp (Zipkin allows that): drawn at its parent's start, no bar. */
export const FLAG_NO_TIME = 8;

const MAGIC = 0x4b533458; // "X4SK" little-endian
/** The gzip level skeletons are cached with (served as they are, with Content-Encoding: gzip). */
export const SKELETON_GZIP_LEVEL = 4;
const VERSION = 1;

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
  depth: Int32Array;
  subtreeSize: Int32Array;
  /** µs since baseUs. */
  start: Float64Array;
  /** µs. */
  duration: Float64Array;
  flags: Uint8Array;
  service: Uint32Array;
  name: Uint32Array;
  /** Span ids: 8 bytes each when every id is 16 hex digits, else UTF-8 with offsets. */
  idBytes: Uint8Array;
  idOffsets: Uint32Array | null;
}

export interface SkeletonRow {
  depth: number;
  subtreeSize: number;
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

interface Header {
  count: number;
  baseUs: number;
  services: string[];
  names: string[];
  traceIds: string[];
  orphanPos: number[];
  orphanParent: string[];
  idMode: 'hex64' | 'utf8';
  sections: { name: string; type: 'i32' | 'f64' | 'u8' | 'u32'; offset: number; length: number }[];
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
  private readonly size: Int32Array;
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
    this.size = new Int32Array(capacity);
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
    this.size[i] = row.subtreeSize;
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

  /** The encoded skeleton. */
  finish(): Uint8Array {
    const n = this.n;
    let baseUs = Infinity;
    for (let i = 0; i < n; i++) if (!(this.flags[i] & FLAG_NO_TIME) && this.startAbs[i] < baseUs) baseUs = this.startAbs[i];
    if (!Number.isFinite(baseUs)) baseUs = 0;
    const start = new Float64Array(n);
    for (let i = 0; i < n; i++) start[i] = this.flags[i] & FLAG_NO_TIME && this.startAbs[i] === 0 ? 0 : this.startAbs[i] - baseUs;

    let idBytes: Uint8Array | null = hex64Ids(this.ids, n);
    let idOffsets: Uint32Array | null = null;
    if (!idBytes) {
      const encoder = new TextEncoder();
      const parts = this.ids.map((id) => encoder.encode(id));
      idOffsets = new Uint32Array(n + 1);
      for (let i = 0; i < n; i++) idOffsets[i + 1] = idOffsets[i] + parts[i].length;
      const utf8 = new Uint8Array(idOffsets[n]);
      parts.forEach((p, i) => utf8.set(p, idOffsets![i]));
      idBytes = utf8;
    }
    const traceFirst = Int32Array.from([...this.traceFirst, n]);
    const arrays: [string, Header['sections'][number]['type'], ArrayBufferView & { length: number }][] = [
      ['depth', 'i32', this.depth.subarray(0, n)],
      ['subtreeSize', 'i32', this.size.subarray(0, n)],
      ['start', 'f64', start],
      ['duration', 'f64', this.duration.subarray(0, n)],
      ['flags', 'u8', this.flags.subarray(0, n)],
      ['service', 'u32', this.service.subarray(0, n)],
      ['name', 'u32', this.name.subarray(0, n)],
      ['traceFirst', 'i32', traceFirst],
      ['idBytes', 'u8', idBytes],
      ...(idOffsets ? [['idOffsets', 'u32', idOffsets] as [string, 'u32', Uint32Array]] : []),
    ];
    const header: Header = {
      count: n,
      baseUs,
      services: [...this.services.keys()],
      names: [...this.names.keys()],
      traceIds: this.traceIds,
      orphanPos: this.orphanPos,
      orphanParent: this.orphanParent,
      idMode: idOffsets ? 'utf8' : 'hex64',
      sections: [],
    };
    // Section offsets are relative to the data area, which starts 8-aligned after the header.
    let offset = 0;
    header.sections = arrays.map(([name, type, view]) => {
      const section = { name, type, offset, length: view.length };
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
    arrays.forEach(([, , view], k) => out.set(new Uint8Array(view.buffer, view.byteOffset, view.byteLength), dataStart + header.sections[k].offset));
    return out;
  }
}

function align8(n: number): number {
  return (n + 7) & ~7;
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
    if (!s) return null;
    const at = dataStart + s.offset;
    switch (s.type) {
      case 'i32': return new Int32Array(buffer, at, s.length);
      case 'f64': return new Float64Array(buffer, at, s.length);
      case 'u32': return new Uint32Array(buffer, at, s.length);
      default: return new Uint8Array(buffer, at, s.length);
    }
  };
  const orphanParent = new Map<number, string>();
  header.orphanPos.forEach((p, k) => orphanParent.set(p, header.orphanParent[k]));
  return {
    count: header.count,
    baseUs: header.baseUs,
    services: header.services,
    names: header.names,
    traceIds: header.traceIds,
    traceFirst: view('traceFirst') as Int32Array,
    orphanParent,
    depth: view('depth') as Int32Array,
    subtreeSize: view('subtreeSize') as Int32Array,
    start: view('start') as Float64Array,
    duration: view('duration') as Float64Array,
    flags: view('flags') as Uint8Array,
    service: view('service') as Uint32Array,
    name: view('name') as Uint32Array,
    idBytes: view('idBytes') as Uint8Array,
    idOffsets: header.idMode === 'utf8' ? (view('idOffsets') as Uint32Array) : null,
  };
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const utf8 = new TextDecoder();

/** The span id at a position. */
export function spanIdAt(sk: Skeleton, pos: number): string {
  if (sk.idOffsets) return utf8.decode(sk.idBytes.subarray(sk.idOffsets[pos], sk.idOffsets[pos + 1]));
  let s = '';
  for (let b = pos * 8; b < pos * 8 + 8; b++) s += HEX[sk.idBytes[b]];
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
export function buildSkeleton(rows: SkeletonRow[]): Uint8Array {
  const b = new SkeletonBuilder(rows.length);
  for (const r of rows) b.add(r);
  return b.finish();
}
