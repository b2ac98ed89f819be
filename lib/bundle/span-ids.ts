// A bundle's span ids without a string each: their characters back to back in one buffer. A
// million spans kept two million id strings alive through the parse, which the garbage collector
// copied and marked again and again (inspect at 1M spans: 0.75 s and 110 MiB of the 6.5 s and
// 560 MiB). A column is a few typed arrays, handed between threads without copying.

import { sharedInt32, sharedUint8 } from './shared-columns';

/** The columns of one batch's ids, as posted between threads. */
export interface SpanIdsData {
  /** The ids' characters, one byte each (latin-1: every character up to U+00FF). */
  bytes: Uint8Array;
  /** ends[i]: where id i ends in `bytes`; it starts where id i - 1 ends. */
  ends: Int32Array;
  n: number;
  /** Ids with a character above U+00FF (malformed input only), kept whole, by index. */
  wide: Map<number, string>;
}

const FIRST_CAPACITY = 256;

type Bytes = Buffer & { latin1Slice(start: number, end: number): string };
const bufferOf = (a: Uint8Array): Bytes => Buffer.from(a.buffer, a.byteOffset, a.byteLength) as Bytes;

/** Span ids in order. An empty or absent id is stored as ''. */
export class SpanIds {
  private bytes: Bytes;
  private ends: Int32Array;
  private count = 0;
  private used = 0;
  private readonly wide: Map<number, string>;

  private constructor(data: SpanIdsData) {
    this.bytes = bufferOf(data.bytes);
    this.ends = data.ends;
    this.count = data.n;
    this.used = data.n > 0 ? data.ends[data.n - 1]! : 0;
    this.wide = data.wide;
  }

  static empty(): SpanIds {
    return new SpanIds({ bytes: new Uint8Array(FIRST_CAPACITY * 16), ends: new Int32Array(FIRST_CAPACITY), n: 0, wide: new Map() });
  }

  static from(ids: Iterable<string | null>): SpanIds {
    const out = SpanIds.empty();
    for (const id of ids) out.push(id);
    return out;
  }

  /** Columns posted by another thread (see `data`). */
  static of(data: SpanIdsData): SpanIds {
    return new SpanIds(data);
  }

  /** The ids of several columns, one after another. */
  static concat(parts: readonly SpanIds[]): SpanIds {
    let n = 0;
    let size = 0;
    for (const p of parts) {
      n += p.count;
      size += p.used;
    }
    // In shared memory: a parse posts the merged ids to its skeleton thread (shared-columns.ts).
    const bytes = sharedUint8(Math.max(size, 1));
    const ends = sharedInt32(Math.max(n, 1));
    const wide = new Map<number, string>();
    let i = 0;
    let at = 0;
    for (const p of parts) {
      bytes.set(p.bytes.subarray(0, p.used), at);
      for (let k = 0; k < p.count; k++) ends[i + k] = p.ends[k]! + at;
      for (const [k, id] of p.wide) wide.set(i + k, id);
      i += p.count;
      at += p.used;
    }
    return new SpanIds({ bytes, ends, n, wide });
  }

  get length(): number {
    return this.count;
  }

  push(id: string | null): void {
    if (this.count === this.ends.length) this.ends = grown(this.ends, this.count * 2) as Int32Array;
    const len = id === null ? 0 : id.length;
    if (this.used + len > this.bytes.length) this.bytes = bufferOf(grown(this.bytes, Math.max(this.bytes.length * 2, this.used + len)));
    const bytes = this.bytes;
    let at = this.used;
    for (let c = 0; c < len; c++) {
      const code = id!.charCodeAt(c);
      if (code > 0xff) {
        this.wide.set(this.count, id!);
        at = this.used;
        break;
      }
      bytes[at++] = code;
    }
    this.used = at;
    this.ends[this.count++] = at;
  }

  /** Id i ('' when it was empty or absent). */
  at(i: number): string {
    if (this.wide.size > 0) {
      const id = this.wide.get(i);
      if (id !== undefined) return id;
    }
    const from = i > 0 ? this.ends[i - 1]! : 0;
    const to = this.ends[i]!;
    return from === to ? '' : this.bytes.latin1Slice(from, to);
  }

  /** A hash of id i, mixed into `h`: the same as `hashString` of the id's text. */
  hash(i: number, h: number): number {
    if (this.wide.size > 0) {
      const id = this.wide.get(i);
      if (id !== undefined) return hashString(id, h);
    }
    const bytes = this.bytes;
    for (let k = i > 0 ? this.ends[i - 1]! : 0, to = this.ends[i]!; k < to; k++) h = Math.imul(h ^ bytes[k]!, 0x01000193);
    return h;
  }

  /** True when id i of this column equals id j of `other`. */
  equals(i: number, other: SpanIds, j: number): boolean {
    if (this.wide.size > 0 || other.wide.size > 0) {
      const a = this.wide.get(i);
      const b = other.wide.get(j);
      if (a !== undefined || b !== undefined) return (a ?? this.at(i)) === (b ?? other.at(j));
    }
    const from = i > 0 ? this.ends[i - 1]! : 0;
    const len = this.ends[i]! - from;
    const oFrom = j > 0 ? other.ends[j - 1]! : 0;
    if (other.ends[j]! - oFrom !== len) return false;
    const a = this.bytes;
    const b = other.bytes;
    for (let k = 0; k < len; k++) if (a[from + k] !== b[oFrom + k]) return false;
    return true;
  }

  /** True when id i is `id`. */
  is(i: number, id: string): boolean {
    if (this.wide.size > 0) {
      const w = this.wide.get(i);
      if (w !== undefined) return w === id;
    }
    const from = i > 0 ? this.ends[i - 1]! : 0;
    if (this.ends[i]! - from !== id.length) return false;
    const bytes = this.bytes;
    for (let k = 0; k < id.length; k++) if (bytes[from + k] !== id.charCodeAt(k)) return false;
    return true;
  }

  /** True when id i is empty or was absent. */
  isEmpty(i: number): boolean {
    return this.ends[i] === (i > 0 ? this.ends[i - 1] : 0) && !this.wide.has(i);
  }

  /** The columns, trimmed, for posting to another thread; `transfer` lists their buffers. */
  data(): SpanIdsData {
    return { bytes: this.bytes.subarray(0, this.used), ends: this.ends.subarray(0, this.count), n: this.count, wide: this.wide };
  }
}

/** The hash `SpanIds.hash` gives an id, from its text. */
export function hashString(id: string, h: number): number {
  for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
  return h;
}

/** A copy of `a` with room for `capacity` elements (the span statistics' columns grow so too). */
export function grown<T extends Uint8Array | Int32Array | Float64Array>(a: T, capacity: number): T {
  const b = (a instanceof Int32Array ? new Int32Array(capacity) : a instanceof Float64Array ? new Float64Array(capacity) : new Uint8Array(capacity)) as T;
  b.set(a);
  return b;
}
