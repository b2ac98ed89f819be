// Streaming rewriters that replace personal data by `[redacted:<category>]` markers: one for JSON
// (a byte-level pass over inflated chunks that only touches string tokens, so a 500 MB trace.json
// is never one string) and one for plain text, line by line.

import { isUtf8 } from 'node:buffer';
import { redactText, scanText, type PiiCategory } from '@/lib/bundle/pii';
import { ShareError } from './errors';

export type RedactionCounts = Partial<Record<PiiCategory, number>>;
type Sink = (bytes: Buffer) => void;

const MARKER_RE = /\[redacted:([a-z_]+)\]/g;
const CACHE_MAX_LEN = 80;
const CACHE_MAX_SIZE = 200_000;
/** One JSON string token; far beyond any real span attribute. */
const MAX_STRING_BYTES = 64 * 1024 * 1024;
/** An OTLP attribute whose "value" comes before its "key" is held back until the key is known. */
const MAX_DEFERRED_BYTES = 16 * 1024 * 1024;
/** Text lines longer than this are cut at a delimiter (never inside a word, address or number). */
const MAX_TEXT_LINE = 1024 * 1024;

function countMarkers(text: string, into: Map<string, number>, sign: 1 | -1): void {
  if (!text.includes('[redacted:')) return;
  for (const m of text.matchAll(MARKER_RE)) into.set(m[1], (into.get(m[1]) ?? 0) + sign);
}

// Same exemptions as the inspection's redaction check (lib/bundle/redaction.ts): span/trace ids
// and nanosecond timestamps are never personal data, and scanning them only risks false positives.
const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId', 'traceID', 'spanID', 'parentSpanID', 'id', 'parentId']);
const HEX_OR_B64_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32}|[A-Za-z0-9+/]{11}=|[A-Za-z0-9+/]{22}==)$/;
function isKnownSafe(text: string, key: string | null): boolean {
  if (key === null) return false;
  if (ID_KEYS.has(key)) return HEX_OR_B64_ID.test(text);
  if (key.endsWith('UnixNano')) return /^\d+$/.test(text);
  return false;
}

/** Inside an OTLP AnyValue wrapper (stringValue, arrayValue...), keep the attribute's key. */
function nestedKey(k: string, outer: string | null): string {
  if (outer !== null && (k === 'stringValue' || k === 'arrayValue' || k === 'kvlistValue' || k === 'values')) return outer;
  return k;
}

/** Redacts single strings with a cache for the short ones (which repeat a lot) and counts markers. */
export class StringRedactor {
  readonly counts: RedactionCounts = {};
  private cache = new Map<string, string | null>();

  /** The redacted text, or null when nothing was found. `key`: the enclosing key, null for none. */
  redact(text: string, key: string | null): string | null {
    if (text.length === 0 || isKnownSafe(text, key)) return null;
    let out: string | null;
    if (text.length <= CACHE_MAX_LEN) {
      const ck = `${key ?? ''}\u0000${text}`;
      const hit = this.cache.get(ck);
      if (hit !== undefined) out = hit;
      else {
        out = this.compute(text, key);
        if (this.cache.size >= CACHE_MAX_SIZE) this.cache.clear();
        this.cache.set(ck, out);
      }
    } else {
      out = this.compute(text, key);
    }
    if (out !== null) this.count(text, out);
    return out;
  }

  snapshot(): RedactionCounts {
    return { ...this.counts };
  }

  restore(counts: RedactionCounts): void {
    for (const k of Object.keys(this.counts)) delete this.counts[k as PiiCategory];
    Object.assign(this.counts, counts);
  }

  private compute(text: string, key: string | null): string | null {
    if (scanText(text, key).length === 0) return null;
    const out = redactText(text, key);
    return out === text ? null : out;
  }

  private count(before: string, after: string): void {
    const delta = new Map<string, number>();
    countMarkers(after, delta, 1);
    countMarkers(before, delta, -1);
    for (const [category, n] of delta) {
      if (n > 0) this.counts[category as PiiCategory] = (this.counts[category as PiiCategory] ?? 0) + n;
    }
  }
}

interface Frame {
  isObject: boolean;
  /** The key that names this container's strings (the enclosing key, or an OTLP attribute's key). */
  ctx: string | null;
  expectKey: boolean;
  member: string | null;
  /** The string value of this object's "key" member (OTLP attributes, Jaeger tags). */
  attrKey: string | null;
  sawKeyMember: boolean;
  /** Raw bytes of a "value" member met before "key", rewritten when the object closes. */
  deferred: Buffer | null;
  pending: Buffer[] | null;
}

const SCALAR_RE = /^(?:-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null)$/;

/**
 * Rewrites a stream of JSON text: bytes outside strings are copied, each string token is decoded
 * (JSON.parse of the token), redacted with its key as context, and re-encoded (JSON.stringify)
 * only when something was found. Anything outside strings that is not JSON punctuation, a number
 * or a literal is refused, so no unquoted text can slip through unscanned.
 */
export class JsonRedactor {
  private readonly frames: Frame[] = [];
  private readonly sinks: Sink[];
  private inString = false;
  private escaped = false;
  private strParts: Buffer[] = [];
  private strBytes = 0;
  private scalar = '';
  private capturing = false;
  private capDepth = 0;
  private capInString = false;
  private capEscaped = false;
  private capParts: Buffer[] = [];
  private capBytes = 0;
  private chunkRef: Buffer | null = null;
  private nextBackslash = -1;
  private sawBackslash = false;
  private flushFrom = 0;

  constructor(
    private readonly strings: StringRedactor,
    sink: Sink,
    private readonly entry: string,
    private readonly rootCtx: string | null = null,
  ) {
    this.sinks = [sink];
  }

  private fail(why: string): never {
    throw new ShareError(`${this.entry} cannot be sanitized: ${why}.`, 'CANNOT_SANITIZE');
  }

  private emit(bytes: Buffer): void {
    if (bytes.length) this.sinks[this.sinks.length - 1](bytes);
  }

  private valueCtx(): string | null {
    const f = this.frames[this.frames.length - 1];
    if (!f) return this.rootCtx;
    if (!f.isObject) return f.ctx;
    const k = f.member ?? '';
    return k === 'value' && f.attrKey !== null ? f.attrKey : nestedKey(k, f.ctx);
  }

  private endScalar(): void {
    if (this.scalar === '') return;
    if (!SCALAR_RE.test(this.scalar)) this.fail(`unquoted text outside a string (not valid JSON)`);
    this.scalar = '';
  }

  write(chunk: Buffer): void {
    const n = chunk.length;
    let i = 0;
    this.flushFrom = 0;
    let scalarFrom = -1;
    while (i < n) {
      if (this.capturing) {
        const end = this.captureUntil(chunk, i);
        if (end < 0) {
          this.addCapture(chunk.subarray(i));
          return;
        }
        this.addCapture(chunk.subarray(i, end));
        this.finishCapture();
        i = end;
        this.flushFrom = end;
        continue;
      }
      if (this.inString) {
        // a string token that began in an earlier chunk
        const end = this.stringEnd(chunk, i);
        if (end < 0) {
          this.addString(chunk.subarray(i));
          return;
        }
        this.addString(chunk.subarray(i, end + 1));
        this.inString = false;
        const raw = Buffer.concat(this.strParts, this.strBytes);
        this.strParts = [];
        const out = this.rewriteString(raw, 0, raw.length - 1, this.sawBackslash);
        this.emit(out ?? raw);
        i = end + 1;
        this.flushFrom = i;
        continue;
      }
      const c = chunk[i];
      const isScalarByte = c === 0x2d || c === 0x2b || c === 0x2e || (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
      if (isScalarByte) {
        if (scalarFrom < 0) scalarFrom = i;
        i++;
        continue;
      }
      if (scalarFrom >= 0) {
        this.scalar += chunk.toString('latin1', scalarFrom, i);
        scalarFrom = -1;
      }
      if (this.scalar !== '') this.endScalar();
      switch (c) {
        case 0x22: { // "
          this.sawBackslash = false;
          this.escaped = false;
          const end = this.stringEnd(chunk, i + 1);
          if (end >= 0) {
            // the common case: the whole token lies in this chunk; unchanged strings are not
            // copied, only left in the range flushed later
            const out = this.rewriteString(chunk, i, end, this.sawBackslash);
            if (out !== null) {
              this.emit(chunk.subarray(this.flushFrom, i));
              this.emit(out);
              this.flushFrom = end + 1;
            }
            i = end + 1;
            continue;
          }
          this.emit(chunk.subarray(this.flushFrom, i));
          this.inString = true;
          this.strParts = [];
          this.strBytes = 0;
          this.addString(chunk.subarray(i));
          return;
        }
        case 0x7b: // {
        case 0x5b: // [
          this.frames.push({ isObject: c === 0x7b, ctx: this.valueCtx(), expectKey: c === 0x7b, member: null, attrKey: null, sawKeyMember: false, deferred: null, pending: null });
          break;
        case 0x7d: // }
        case 0x5d: { // ]
          const f = this.frames.pop();
          if (!f || f.isObject !== (c === 0x7d)) this.fail('unbalanced brackets');
          if (f.deferred) {
            this.emit(chunk.subarray(this.flushFrom, i));
            this.flushFrom = i;
            this.sinks.pop();
            this.emit(this.rewriteDeferred(f));
            for (const p of f.pending!) this.emit(p);
          }
          break;
        }
        case 0x3a: { // :
          const f = this.frames[this.frames.length - 1];
          if (!f?.isObject) this.fail('a colon outside an object');
          f.expectKey = false;
          if (f.member === 'value' && !f.sawKeyMember && !f.deferred) {
            this.emit(chunk.subarray(this.flushFrom, i + 1));
            this.capturing = true;
            this.capDepth = 0;
            this.capInString = false;
            this.capEscaped = false;
            this.capParts = [];
            this.capBytes = 0;
            i++;
            this.flushFrom = i;
            continue;
          }
          break;
        }
        case 0x2c: { // ,
          const f = this.frames[this.frames.length - 1];
          if (f?.isObject) {
            f.expectKey = true;
            f.member = null;
          }
          break;
        }
        case 0x20: case 0x09: case 0x0a: case 0x0d:
          break;
        default:
          this.fail(`unexpected byte 0x${c.toString(16)} outside a string`);
      }
      i++;
    }
    if (scalarFrom >= 0) this.scalar += chunk.toString('latin1', scalarFrom, n);
    this.emit(chunk.subarray(this.flushFrom, n));
  }

  /**
   * Index of the closing quote of the string in progress (from `from`, inside the string), or -1
   * if it goes past this chunk. Notes whether a backslash was met.
   */
  private stringEnd(chunk: Buffer, from: number): number {
    let i = from;
    if (this.escaped) {
      this.escaped = false;
      i++;
    }
    while (i < chunk.length) {
      const q = chunk.indexOf(0x22, i);
      // the next backslash is looked up once per chunk region, not once per string (most
      // chunks have none, and searching to the chunk's end for every string is quadratic)
      if (this.chunkRef !== chunk || (this.nextBackslash >= 0 && this.nextBackslash < i)) {
        this.chunkRef = chunk;
        this.nextBackslash = chunk.indexOf(0x5c, i);
      }
      const b = this.nextBackslash;
      if (b >= 0 && (q < 0 || b < q)) {
        this.sawBackslash = true;
        if (b + 1 >= chunk.length) {
          this.escaped = true;
          return -1;
        }
        i = b + 2;
        continue;
      }
      return q;
    }
    return -1;
  }

  private addString(part: Buffer): void {
    this.strBytes += part.length;
    if (this.strBytes > MAX_STRING_BYTES) this.fail(`a string longer than ${MAX_STRING_BYTES} bytes`);
    this.strParts.push(part);
  }

  /**
   * The string token buf[start..end] (quotes included): decoded, redacted with its context, and
   * re-encoded; null when it stays as it is. Also tracks object keys and OTLP attribute keys.
   */
  private rewriteString(buf: Buffer, start: number, end: number, escaped: boolean): Buffer | null {
    let text: string;
    if (!escaped) text = buf.toString('utf8', start + 1, end);
    else {
      try {
        text = JSON.parse(buf.toString('utf8', start, end + 1)) as string;
      } catch {
        this.fail('a string with an invalid escape');
      }
    }
    const f = this.frames[this.frames.length - 1];
    let out: string | null;
    if (f?.isObject && f.expectKey) {
      f.member = text;
      if (text === 'key') f.sawKeyMember = true;
      out = this.strings.redact(text, null);
    } else {
      out = this.strings.redact(text, this.valueCtx());
      if (f?.isObject && f.member === 'key') f.attrKey = text;
    }
    return out === null ? null : Buffer.from(JSON.stringify(out), 'utf8');
  }

  /** Index where a deferred "value" ends (the `,` `}` or `]` after it, at its own depth), or -1. */
  private captureUntil(chunk: Buffer, from: number): number {
    for (let i = from; i < chunk.length; i++) {
      const c = chunk[i];
      if (this.capInString) {
        if (this.capEscaped) this.capEscaped = false;
        else if (c === 0x5c) this.capEscaped = true;
        else if (c === 0x22) this.capInString = false;
        continue;
      }
      if (c === 0x22) this.capInString = true;
      else if (c === 0x7b || c === 0x5b) this.capDepth++;
      else if (c === 0x7d || c === 0x5d) {
        if (this.capDepth === 0) return i;
        this.capDepth--;
      } else if (c === 0x2c && this.capDepth === 0) return i;
    }
    return -1;
  }

  private addCapture(part: Buffer): void {
    this.capBytes += part.length;
    if (this.capBytes > MAX_DEFERRED_BYTES) this.fail(`an attribute "value" over ${MAX_DEFERRED_BYTES} bytes precedes its "key"`);
    this.capParts.push(Buffer.from(part));
  }

  private finishCapture(): void {
    this.capturing = false;
    const f = this.frames[this.frames.length - 1];
    f.deferred = Buffer.concat(this.capParts, this.capBytes);
    this.capParts = [];
    const pending: Buffer[] = [];
    f.pending = pending;
    this.sinks.push((b) => pending.push(Buffer.from(b)));
  }

  private rewriteDeferred(f: Frame): Buffer {
    const ctx = f.attrKey ?? nestedKey('value', f.ctx);
    const out: Buffer[] = [];
    const sub = new JsonRedactor(this.strings, (b) => out.push(Buffer.from(b)), this.entry, ctx);
    sub.write(f.deferred!);
    sub.end();
    return Buffer.concat(out);
  }

  /** Call after the last chunk: refuses text that stops inside a string or container. */
  end(): void {
    if (this.inString || this.capturing) this.fail('it ends inside a string');
    this.endScalar();
    if (this.frames.length) this.fail('it ends inside an object or array');
  }
}

/** Splits a byte stream into lines; an overlong line is cut at a delimiter, never inside a word. */
class LineSplitter {
  private carry: Buffer | null = null;

  constructor(
    private readonly onLine: (bytes: Buffer, newline: boolean) => void,
    private readonly entry: string,
  ) {}

  write(chunk: Buffer): void {
    let buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    let start = 0;
    let nl: number;
    while ((nl = buf.indexOf(0x0a, start)) !== -1) {
      this.onLine(buf.subarray(start, nl), true);
      start = nl + 1;
    }
    buf = buf.subarray(start);
    while (buf.length > MAX_TEXT_LINE) {
      const cut = cutPoint(buf);
      if (cut < 0) throw new ShareError(`${this.entry} cannot be sanitized: a line of over ${MAX_TEXT_LINE} bytes has no delimiter to split at.`, 'CANNOT_SANITIZE');
      this.onLine(buf.subarray(0, cut), false);
      buf = buf.subarray(cut);
    }
    this.carry = buf.length ? Buffer.from(buf) : null;
  }

  end(): void {
    if (this.carry) this.onLine(this.carry, false);
    this.carry = null;
  }
}

const NEWLINE = Buffer.from('\n');

/** Last whitespace or punctuation before MAX_TEXT_LINE, where no personal-data pattern can span. */
function cutPoint(buf: Buffer): number {
  for (let i = MAX_TEXT_LINE; i > MAX_TEXT_LINE / 2; i--) {
    const c = buf[i];
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c || c === 0x3b || c === 0x22 || c === 0x7b || c === 0x7d || c === 0x5b || c === 0x5d || c === 0x3c || c === 0x3e) return i + 1;
  }
  return -1;
}

function redactTextLine(strings: StringRedactor, sink: Sink, bytes: Buffer, newline: boolean): void {
  const encoding = isUtf8(bytes) ? 'utf8' : 'latin1';
  const out = strings.redact(bytes.toString(encoding), null);
  sink(out === null ? bytes : Buffer.from(out, encoding));
  if (newline) sink(NEWLINE);
}

/** Redacts plain text line by line (no key context); lines that are not UTF-8 are read as Latin-1. */
export class TextRedactor extends LineSplitter {
  constructor(strings: StringRedactor, sink: Sink, entry: string) {
    super((bytes, newline) => redactTextLine(strings, sink, bytes, newline), entry);
  }
}

/** ndjson: each line through a JsonRedactor; a line that is not JSON is redacted as text. */
export class NdjsonRedactor extends LineSplitter {
  constructor(strings: StringRedactor, sink: Sink, entry: string) {
    super((bytes, newline) => {
      const out: Buffer[] = [];
      const before = strings.snapshot();
      try {
        const json = new JsonRedactor(strings, (b) => out.push(b), entry);
        json.write(bytes);
        json.end();
      } catch (err) {
        if (!(err instanceof ShareError)) throw err;
        strings.restore(before);
        redactTextLine(strings, sink, bytes, newline);
        return;
      }
      for (const b of out) sink(b);
      if (newline) sink(NEWLINE);
    }, entry);
  }
}
