// A byte-level structural JSON scanner for entries too big to hold as one string (trace.json can
// be hundreds of MB). It walks the outer containers itself and cuts out the values the caller asks
// for (e.g. each span), which are then JSON.parse'd one by one: native parsing speed, bounded memory.
//
// This is the personal-data engine's one JSON tokenizer (lib/pii/): inspection consumes it as a
// reader (capturing spans), the share rewriter (lib/share/redactor.ts) as a token stream with byte
// positions (`positions: true`: every container walked, every key and leaf reported with
// `tokenStart`/`tokenEnd`).

import { BundleProblem } from './problems';

export type Segment = string | number;
export type Decision = 'descend' | 'capture' | 'fast';

export interface JsonStreamHandler {
  /**
   * How to read the container starting at `path`: walk into it, cut it out whole and parse it, or
   * (`fast`) let `readFast` read it from the bytes. With takeBatch, captured elements just before
   * it in the same array may still wait to be offered: one captured too joins them.
   */
  decide(path: readonly Segment[], kind: 'object' | 'array'): Decision;
  /**
   * Reads the container starting at `buf[start]` itself (after decide said `fast`): returns the
   * offset just past it, or -1 to have it captured and parsed as usual (e.g. when it goes on in
   * the next chunk). onValue is not called for a container read here.
   */
  readFast?(path: readonly Segment[], buf: Buffer, start: number): number;
  /** A captured (parsed) value at `path`: a member of a walked object or an element of a walked array. */
  onValue(path: readonly Segment[], value: unknown): void;
  /** A key of a walked object (captured objects' keys are not reported). */
  onKey?(path: readonly Segment[], key: string): void;
  /** A walked container is complete. */
  onEnd?(path: readonly Segment[], kind: 'object' | 'array'): void;
  /**
   * Consecutive captured elements `first`..`first + count - 1` of the walked array at `path`,
   * still unparsed: bytes `start`..`end` of `buf` (the elements with the commas between them).
   * Return true to take them (e.g. to parse them on another thread): onValue is then not called
   * for them. Optional; without it every element is parsed here.
   */
  takeBatch?(path: readonly Segment[], first: number, count: number, buf: Buffer, start: number, end: number): boolean;
  /**
   * Positions mode: a captured container is reported here, unparsed, rather than parsed for
   * onValue. Its bytes are `tokenStart`..`tokenEnd`, which the caller holds (the share rewriter
   * hands such elements to another thread, whose own scanner then checks them).
   */
  onRaw?(path: readonly Segment[]): void;
}

const enum S {
  TopValue, TopEnd,
  ObjKeyOrEnd, ObjKey, ObjColon, ObjValue, ObjCommaOrEnd,
  ArrValueOrEnd, ArrValue, ArrCommaOrEnd,
  Capture,
}

const enum Cap { Container, Str, Scalar, Key }

export interface JsonStreamOptions {
  /**
   * Report byte positions: in onKey()/onValue(), `tokenStart`/`tokenEnd` hold the absolute offsets
   * of the key or value being reported; in decide(), `tokenStart` is where the container starts;
   * in onEnd(), `tokenEnd` is just past its closing bracket. Array elements are not batched; a
   * string without escapes is decoded without JSON.parse (raw control characters pass).
   */
  positions?: boolean;
}

function isWs(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** Positions mode: strings of up to this many bytes are looked up among those seen (shortString). */
const RECENT_MAX_LEN = 48;
const RECENT_SLOTS = 4096;
/** Short ASCII strings seen, by hash of their bytes (one per slot, replaced): shared by every
 * scanner of this thread (an ndjson rewrite makes one per line), an exact cache of bytes -> text. */
const recent: (string | undefined)[] = new Array(RECENT_SLOTS);

export class JsonStreamScanner {
  private state: S = S.TopValue;
  /** Kinds of walked containers, root first: 0 object, 1 array. */
  private readonly kinds: number[] = [];
  private readonly indexes: number[] = [];
  readonly path: Segment[] = [];
  private offset = 0;
  // capture state
  private capKind: Cap = Cap.Container;
  private capDepth = 0;
  private capInStr = false;
  private capEsc = false;
  private capPieces: Buffer[] = [];
  private afterCapture: S = S.TopEnd;
  private sawValue = false;
  // Consecutive captured elements of one array that lie in the current chunk are parsed with one
  // JSON.parse call (the bytes between them are commas and whitespace): far fewer native calls.
  private batchBuf: Buffer | null = null;
  private batchStart = 0;
  private batchEnd = 0;
  private batchFirst = 0;
  private batchCount = 0;
  private batchPath: Segment[] = [];
  private readonly positions: boolean;
  private capEscapes = false;
  private bsBuf: Buffer | null = null;
  private bsAt = -1;
  /** Absolute byte offset where the key / value / container being reported starts (positions mode). */
  tokenStart = 0;
  /** Absolute byte offset just past the key / value / container being reported (positions mode). */
  tokenEnd = 0;

  constructor(
    private readonly handler: JsonStreamHandler,
    private readonly entry: string,
    private readonly maxDepth: number,
    options: JsonStreamOptions = {},
  ) {
    this.positions = options.positions === true;
  }

  /** Absolute offset of the first byte whose token has not been reported yet (positions mode). */
  pendingFrom(): number {
    return this.state === S.Capture ? this.tokenStart : this.offset;
  }

  private fail(msg: string, at: number): never {
    throw new BundleProblem('MALFORMED_JSON', `${this.entry}: ${msg} at byte ${this.offset + at}`, this.entry);
  }

  private tooDeep(): never {
    throw new BundleProblem('JSON_TOO_DEEP', `${this.entry}: JSON nests deeper than ${this.maxDepth} levels`, this.entry);
  }

  /** State to return to once the value now starting is complete. */
  private stateAfterValue(): S {
    const n = this.kinds.length;
    if (n === 0) return S.TopEnd;
    return this.kinds[n - 1] === 0 ? S.ObjCommaOrEnd : S.ArrCommaOrEnd;
  }

  /** Returns the index to continue from. */
  private startValue(buf: Buffer, i: number): number {
    const c = buf[i];
    this.sawValue = true;
    this.tokenStart = this.offset + i;
    if (c === 0x7b || c === 0x5b) {
      const kind = c === 0x7b ? 'object' : 'array';
      // A batch waits only in the array this value is an element of. For takeBatch it goes on if
      // this one is captured in the same chunk (it is handed over before anything else); without
      // takeBatch each container is parsed alone, so that an error names the element's end.
      if (this.batchCount > 0 && (this.batchBuf !== buf || !this.handler.takeBatch)) this.flushBatch();
      const decision = this.handler.decide(this.path, kind);
      if (decision !== 'capture') this.flushBatch();
      if (decision === 'fast') {
        const end = this.handler.readFast!(this.path, buf, i);
        if (end > i) {
          if (this.kinds.length > 0) this.path.pop();
          this.state = this.stateAfterValue();
          return end;
        }
      } else if (decision === 'descend') {
        if (this.kinds.length + 1 > this.maxDepth) this.tooDeep();
        this.kinds.push(c === 0x7b ? 0 : 1);
        this.indexes.push(0);
        this.state = c === 0x7b ? S.ObjKeyOrEnd : S.ArrValueOrEnd;
        return i + 1;
      }
      this.capKind = Cap.Container;
    } else if (c === 0x22) {
      this.capKind = Cap.Str;
    } else if (c === 0x2d || (c >= 0x30 && c <= 0x39) || c === 0x74 || c === 0x66 || c === 0x6e) {
      this.capKind = Cap.Scalar;
    } else {
      this.fail(`unexpected character ${JSON.stringify(String.fromCharCode(c))}`, i);
    }
    this.afterCapture = this.stateAfterValue();
    this.capDepth = 0;
    this.capInStr = false;
    this.capEsc = false;
    this.capEscapes = false;
    this.capPieces = [];
    this.state = S.Capture;
    return this.capture(buf, i, i);
  }

  /** Runs the capture loop from i; `start` is where the captured bytes begin in this chunk. */
  private capture(buf: Buffer, i: number, start: number): number {
    const n = buf.length;
    let end = -1;
    if (this.positions && (this.capKind === Cap.Str || this.capKind === Cap.Key)) {
      end = this.stringEnd(buf, i);
    } else if (this.capKind === Cap.Scalar) {
      for (; i < n; i++) {
        const c = buf[i];
        if (c === 0x2c || c === 0x7d || c === 0x5d || isWs(c)) { end = i; break; }
      }
    } else {
      let depth = this.capDepth;
      let inStr = this.capInStr;
      let esc = this.capEsc;
      const limit = this.maxDepth - this.kinds.length;
      for (; i < n; i++) {
        let c = buf[i];
        if (inStr) {
          if (esc) { esc = false; continue; }
          // Plain string bytes, in a tight loop: most of a document.
          while (c !== 0x22 && c !== 0x5c) {
            if (++i === n) break;
            c = buf[i];
          }
          if (i === n) break;
          if (c === 0x5c) { esc = true; this.capEscapes = true; continue; }
          inStr = false;
          if (depth === 0) { end = i + 1; break; }
        } else if (c === 0x22) {
          inStr = true;
        } else if (c === 0x7b || c === 0x5b) {
          if (++depth > limit) this.tooDeep();
        } else if (c === 0x7d || c === 0x5d) {
          if (--depth === 0) { end = i + 1; break; }
        }
      }
      this.capDepth = depth;
      this.capInStr = inStr;
      this.capEsc = esc;
    }
    if (end < 0) {
      // (onRaw's caller holds the bytes itself.)
      if (!(this.positions && this.capKind === Cap.Container && this.handler.onRaw)) this.capPieces.push(Buffer.from(buf.subarray(start, n)));
      return n;
    }
    this.finishCapture(buf, start, end);
    return end;
  }

  /**
   * Positions mode: the end (past the closing quote) of the string or key being captured, found
   * with native searches, or -1 when it goes past this chunk. The next backslash is looked up
   * once per chunk region, not once per string (most chunks have none).
   */
  private stringEnd(buf: Buffer, i: number): number {
    const n = buf.length;
    if (!this.capInStr) {
      this.capInStr = true;
      i++; // the opening quote
    }
    if (this.capEsc) {
      this.capEsc = false;
      i++;
    }
    while (i < n) {
      const q = buf.indexOf(0x22, i);
      if (this.bsBuf !== buf || (this.bsAt >= 0 && this.bsAt < i)) {
        this.bsBuf = buf;
        this.bsAt = buf.indexOf(0x5c, i);
      }
      const b = this.bsAt;
      if (b >= 0 && (q < 0 || b < q)) {
        this.capEscapes = true;
        if (b + 1 >= n) {
          this.capEsc = true;
          return -1;
        }
        i = b + 2;
        continue;
      }
      if (q < 0) return -1;
      this.capInStr = false;
      return q + 1;
    }
    return -1;
  }

  private flushBatch(): void {
    if (this.batchCount === 0) return;
    const buf = this.batchBuf!;
    const count = this.batchCount;
    const first = this.batchFirst;
    this.batchCount = 0;
    this.batchBuf = null;
    if (this.handler.takeBatch?.(this.batchPath, first, count, buf, this.batchStart, this.batchEnd)) return;
    let values: unknown[];
    try {
      values = JSON.parse('[' + buf.toString('utf8', this.batchStart, this.batchEnd) + ']') as unknown[];
    } catch (err) {
      this.fail(`invalid JSON value (${(err as Error).message})`, this.batchEnd);
    }
    if (values.length !== count) this.fail('invalid JSON array element', this.batchEnd);
    const path = this.batchPath;
    for (let k = 0; k < count; k++) {
      path.push(first + k);
      this.handler.onValue(path, values[k]);
      path.pop();
    }
  }

  private finishCapture(buf: Buffer, start: number, end: number): void {
    if (this.positions) this.tokenEnd = this.offset + end;
    if (!this.positions && this.capKind !== Cap.Key && this.capPieces.length === 0 && this.kinds.length > 0 && this.kinds[this.kinds.length - 1] === 1) {
      const index = this.path[this.path.length - 1] as number;
      if (this.batchCount > 0 && (this.batchBuf !== buf || this.batchFirst + this.batchCount !== index)) this.flushBatch();
      if (this.batchCount === 0) {
        this.batchPath = this.path.slice(0, -1);
        this.batchBuf = buf;
        this.batchStart = start;
        this.batchFirst = index;
      }
      this.batchEnd = end;
      this.batchCount++;
      this.path.pop();
      this.state = this.afterCapture;
      return;
    }
    this.flushBatch();
    if (this.capKind !== Cap.Key && this.capPieces.length > 0 && this.handler.takeBatch && this.kinds.length > 0 && this.kinds[this.kinds.length - 1] === 1) {
      // An array element that spans chunks: offered like a batch of one, in its own buffer.
      this.capPieces.push(buf.subarray(start, end));
      const whole = Buffer.concat(this.capPieces);
      this.capPieces = [];
      const index = this.path.pop() as number;
      if (this.handler.takeBatch(this.path, index, 1, whole, 0, whole.length)) {
        this.state = this.afterCapture;
        return;
      }
      this.path.push(index);
      this.capPieces = [whole];
      start = end;
    }
    if (this.positions && this.capKind === Cap.Container && this.handler.onRaw) {
      this.capPieces = [];
      this.handler.onRaw(this.path);
      if (this.kinds.length > 0) this.path.pop();
      this.state = this.afterCapture;
      return;
    }
    let text: string;
    if (this.positions && !this.capEscapes && this.capPieces.length === 0 && (this.capKind === Cap.Str || this.capKind === Cap.Key)) {
      // no escapes: the bytes between the quotes are the string
      this.reportString(this.shortString(buf, start + 1, end - 1));
      return;
    }
    if (this.capPieces.length === 0) {
      text = buf.toString('utf8', start, end);
    } else {
      this.capPieces.push(buf.subarray(start, end));
      text = Buffer.concat(this.capPieces).toString('utf8');
      this.capPieces = [];
    }
    let value: unknown;
    if (this.positions && !this.capEscapes && (this.capKind === Cap.Str || this.capKind === Cap.Key)) {
      value = text.slice(1, -1); // no escapes: the bytes between the quotes are the string
    } else {
      try {
        value = JSON.parse(text);
      } catch (err) {
        this.fail(`invalid JSON value (${(err as Error).message})`, end);
      }
    }
    if (this.capKind === Cap.Key) {
      this.reportString(value as string);
      return;
    }
    this.handler.onValue(this.path, value);
    if (this.kinds.length > 0) this.path.pop();
    this.state = this.afterCapture;
  }

  /**
   * The string between a and b (no escapes). Keys and many values repeat throughout a document:
   * a short ASCII one is looked up by its bytes among those seen, rather than decoded again (a
   * hash and a compare cost less than making a string). Positions mode only.
   */
  private shortString(buf: Buffer, a: number, b: number): string {
    const len = b - a;
    if (len > RECENT_MAX_LEN) return buf.toString('utf8', a, b);
    let h = 0x811c9dc5;
    for (let i = a; i < b; i++) {
      const c = buf[i]!;
      if (c >= 0x80) return buf.toString('utf8', a, b);
      h = Math.imul(h ^ c, 16777619);
    }
    const slot = (h ^ len) & (RECENT_SLOTS - 1);
    const seen = recent[slot];
    if (seen !== undefined && seen.length === len) {
      let k = 0;
      while (k < len && seen.charCodeAt(k) === buf[a + k]) k++;
      if (k === len) return seen;
    }
    const text = buf.toString('latin1', a, b);
    recent[slot] = text;
    return text;
  }

  /** A key, or a string value, decoded. */
  private reportString(value: string): void {
    if (this.capKind === Cap.Key) {
      this.handler.onKey?.(this.path, value);
      this.path.push(value as string);
      this.state = S.ObjColon;
      return;
    }
    this.handler.onValue(this.path, value);
    if (this.kinds.length > 0) this.path.pop();
    this.state = this.afterCapture;
  }

  private closeContainer(kind: number, at: number): void {
    this.flushBatch();
    if (this.positions) this.tokenEnd = this.offset + at + 1;
    this.kinds.pop();
    this.indexes.pop();
    this.handler.onEnd?.(this.path, kind === 0 ? 'object' : 'array');
    if (this.kinds.length > 0) this.path.pop();
    this.state = this.stateAfterValue();
  }

  push(buf: Buffer): void {
    const n = buf.length;
    this.bsBuf = null; // a caller may hand the same Buffer again with new bytes
    let i = 0;
    while (i < n) {
      const c = buf[i];
      switch (this.state) {
        case S.Capture:
          i = this.capture(buf, i, i);
          continue;
        case S.TopValue:
          if (isWs(c)) { i++; continue; }
          i = this.startValue(buf, i);
          continue;
        case S.TopEnd:
          if (isWs(c)) { i++; continue; }
          this.fail('unexpected data after the end of the document', i);
        case S.ObjKeyOrEnd:
        case S.ObjKey:
          if (isWs(c)) { i++; continue; }
          if (c === 0x7d && this.state === S.ObjKeyOrEnd) { this.closeContainer(0, i); i++; continue; }
          if (c !== 0x22) this.fail('expected an object key', i);
          this.tokenStart = this.offset + i;
          this.capEscapes = false;
          this.capKind = Cap.Key;
          this.capDepth = 0;
          this.capInStr = false;
          this.capEsc = false;
          this.capPieces = [];
          this.state = S.Capture;
          i = this.capture(buf, i, i);
          continue;
        case S.ObjColon:
          if (isWs(c)) { i++; continue; }
          if (c !== 0x3a) this.fail('expected ":"', i);
          this.state = S.ObjValue;
          i++;
          continue;
        case S.ObjValue:
          if (isWs(c)) { i++; continue; }
          i = this.startValue(buf, i);
          continue;
        case S.ObjCommaOrEnd:
          if (isWs(c)) { i++; continue; }
          if (c === 0x2c) { this.state = S.ObjKey; i++; continue; }
          if (c === 0x7d) { this.closeContainer(0, i); i++; continue; }
          this.fail('expected "," or "}"', i);
        case S.ArrValueOrEnd:
        case S.ArrValue:
          if (isWs(c)) { i++; continue; }
          if (c === 0x5d && this.state === S.ArrValueOrEnd) { this.closeContainer(1, i); i++; continue; }
          this.path.push(this.indexes[this.indexes.length - 1]++);
          i = this.startValue(buf, i);
          continue;
        case S.ArrCommaOrEnd:
          if (isWs(c)) { i++; continue; }
          if (c === 0x2c) { this.state = S.ArrValue; i++; continue; }
          if (c === 0x5d) { this.closeContainer(1, i); i++; continue; }
          this.fail('expected "," or "]"', i);
      }
    }
    this.flushBatch();
    this.offset += n;
  }

  /** Call after the last chunk; throws when the document is incomplete. */
  finish(): void {
    if (this.state === S.Capture && this.capKind === Cap.Scalar && this.kinds.length === 0) {
      const piece = this.capPieces.length ? Buffer.concat(this.capPieces) : Buffer.alloc(0);
      this.capPieces = [];
      this.finishCapture(piece, 0, piece.length);
    }
    if (!this.sawValue) throw new BundleProblem('MALFORMED_JSON', `${this.entry}: the entry is empty`, this.entry);
    if (this.state !== S.TopEnd) throw new BundleProblem('MALFORMED_JSON', `${this.entry}: the JSON document is incomplete`, this.entry);
  }
}

/** Parses a whole (bounded) JSON document with the depth limit enforced before JSON.parse. */
export function parseJsonChecked(buf: Buffer, entry: string, maxDepth: number): unknown {
  let result: unknown;
  const scanner = new JsonStreamScanner(
    { decide: () => 'capture', onValue: (_p, v) => { result = v; } },
    entry,
    maxDepth,
  );
  scanner.push(buf);
  scanner.finish();
  return result;
}
