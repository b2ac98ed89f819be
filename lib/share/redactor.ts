// Streaming rewriters that replace personal data by `[redacted:<category>]` markers: one for JSON
// (a consumer of the engine's one tokenizer that only touches string tokens, so a 500 MB
// trace.json is never one string) and one for plain text, line by line. The exemptions and key
// context rules are the engine's (lib/pii/exemptions.ts), the same the inspection applies.

import { isUtf8 } from 'node:buffer';
import { BundleProblem } from '@/lib/bundle/problems';
import { JsonStreamScanner } from '@/lib/bundle/json-stream';
import * as exemptions from '@/lib/pii/exemptions';
import * as engine from '@/lib/pii';
import type { PiiCategory } from '@/lib/pii';

// Called for every token: bound once here rather than through the modules' export getters.
const isKnownSafe = exemptions.isKnownSafe;
const memberContext = exemptions.memberContext;
const nestedKey = exemptions.nestedKey;
const redactText = engine.redactText;
const scanText = engine.scanText;
import { AppError } from '@/lib/errors';

export type RedactionCounts = Partial<Record<PiiCategory, number>>;
type Sink = (bytes: Buffer) => void;

const MARKER_RE = /\[redacted:([a-z_]+)\]/g;
const CACHE_MAX_LEN = 80;
const CACHE_MAX_SIZE = 200_000;
/**
 * Bytes held back at most: one string token, or an OTLP attribute "value" met before its "key"
 * (held until the key is known). Far beyond any real span attribute.
 */
const MAX_HELD_BYTES = 64 * 1024 * 1024;
/** Text lines longer than this are cut at a delimiter (never inside a word, address or number). */
const MAX_TEXT_LINE = 1024 * 1024;

function countMarkers(text: string, into: Map<string, number>, sign: 1 | -1): void {
  if (!text.includes('[redacted:')) return;
  for (const m of text.matchAll(MARKER_RE)) into.set(m[1], (into.get(m[1]) ?? 0) + sign);
}

/** Redacts single strings with a cache for the short ones (which repeat a lot) and counts markers. */
export class StringRedactor {
  readonly counts: RedactionCounts = {};
  /** Verdicts for short strings (which repeat a lot): without a key context, and per key. Nested
   * maps rather than one "key\0text" key: no string is built per token. */
  private bare = new Map<string, string | null>();
  private byKey = new Map<string, Map<string, string | null>>();
  private cached = 0;

  /** The redacted text, or null when nothing was found. `key`: the enclosing key, null for none. */
  redact(text: string, key: string | null): string | null {
    if (text.length === 0 || isKnownSafe(text, key)) return null;
    let out: string | null | undefined;
    if (text.length <= CACHE_MAX_LEN) {
      let memo = key === null ? this.bare : this.byKey.get(key);
      if (!memo) this.byKey.set(key!, (memo = new Map()));
      out = memo.get(text);
      if (out === undefined) {
        out = this.compute(text, key);
        if (++this.cached > CACHE_MAX_SIZE) {
          this.bare.clear();
          this.byKey.clear();
          this.cached = 0;
          memo = key === null ? this.bare : new Map();
          if (key !== null) this.byKey.set(key, memo);
        }
        memo.set(text, out);
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

  /** Adds markers counted elsewhere (a helper thread's). */
  add(counts: RedactionCounts): void {
    for (const [category, n] of Object.entries(counts) as [PiiCategory, number][]) this.counts[category] = (this.counts[category] ?? 0) + n;
  }

  /** The markers counted since `before` (a snapshot). */
  since(before: RedactionCounts): RedactionCounts {
    const delta: RedactionCounts = {};
    for (const [category, n] of Object.entries(this.counts) as [PiiCategory, number][]) {
      const d = n - (before[category] ?? 0);
      if (d > 0) delta[category] = d;
    }
    return delta;
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
  /** The member being read (objects). */
  member: string | null;
  /** The string value of this object's "key" member (OTLP attributes, Jaeger tags). */
  attrKey: string | null;
  sawKeyMember: boolean;
  /** A "value" member met before "key": its byte range, rewritten once the object closes. */
  deferStart: number;
  deferEnd: number;
  /** Where the container starts (absolute). */
  start: number;
  /** Arrays: the size in bytes of the last element read, Infinity before the first. */
  lastElementBytes: number;
}

interface Edit {
  start: number;
  end: number;
  /** null while a helper rewrites the range (lib/share/rewrite-helper.ts). */
  bytes: Buffer | null;
}

/**
 * Rewrites runs of array elements elsewhere (another thread), each as the elements of an array
 * whose strings take `ctx` as their key context: `rewrite` gets the elements' bytes (with the
 * commas between them) and resolves with the same elements rewritten, and the markers written.
 */
export interface RewriteHelper {
  /** Whether it takes more now (it has room in its queue). */
  ready(): boolean;
  rewrite(entry: string, ctx: string | null, elements: Buffer): Promise<{ bytes: Buffer; counts: RedactionCounts }>;
}

/** Array elements up to this size go to the helper (the one before must have been as small). */
const HELPER_MAX_ELEMENT = 64 * 1024;

/** The elements of an array, rewritten as if read in place: the helper's side of RewriteHelper. */
export function rewriteElements(strings: StringRedactor, entry: string, ctx: string | null, elements: Buffer): Buffer {
  const out: Buffer[] = [];
  const json = new JsonRedactor(strings, (b) => out.push(b), entry, ctx);
  json.write(OPEN_ARRAY);
  json.write(elements);
  json.write(CLOSE_ARRAY);
  json.end();
  const all = Buffer.concat(out);
  return all.subarray(1, all.length - 1);
}
const OPEN_ARRAY = Buffer.from('[');
const CLOSE_ARRAY = Buffer.from(']');

/** The share rewriter's entry depth limit: far beyond real bundles, it only bounds the frame stack. */
const MAX_DEPTH = 4096;

/**
 * Rewrites a stream of JSON text as a consumer of the engine's one tokenizer
 * (lib/bundle/json-stream.ts in positions mode): bytes are copied, and each string token (keys
 * included) is redacted with its key as context and re-encoded (JSON.stringify) only when something
 * was found. Invalid JSON (unquoted text, bad escapes, unbalanced brackets) is refused, so nothing
 * can slip through unscanned. An OTLP attribute whose "value" comes before its "key" is held back
 * and rewritten when the object closes, with the attribute's key as context.
 */
export class JsonRedactor {
  private readonly scanner: JsonStreamScanner;
  private readonly frames: Frame[] = [];
  /** Bytes not yet emitted: held[0] is at absolute offset heldStart. */
  private held: Buffer = Buffer.alloc(0);
  private heldStart = 0;
  private edits: Edit[] = [];
  /** Open frames with a deferred "value" (their deferStart bounds what may be emitted). */
  private deferring = 0;
  /** Elements of this chunk may go to the helper (it had room when the chunk came). */
  private offloading = false;
  /** The run of elements being gathered for the helper: its array and range. */
  private run: { frame: Frame; start: number; end: number } | null = null;
  private readonly sent: Promise<void>[] = [];
  private helperError: unknown = null;
  private ended = false;

  constructor(
    private readonly strings: StringRedactor,
    private readonly sink: Sink,
    private readonly entry: string,
    private readonly rootCtx: string | null = null,
    private readonly helper: RewriteHelper | null = null,
  ) {
    this.scanner = new JsonStreamScanner(
      {
        decide: (_path, kind) => (this.toHelper() ? 'capture' : this.open(kind === 'object')),
        onRaw: () => this.gather(),
        onKey: (_path, key) => this.key(key),
        onValue: (_path, value) => this.value(value),
        onEnd: () => this.close(),
      },
      entry,
      MAX_DEPTH,
      { positions: true },
    );
  }

  private fail(why: string): never {
    throw new AppError('UNPROCESSABLE', `${this.entry} cannot be sanitized: ${why}.`);
  }

  /** Context for a value met now: the root's, the array's, or the object member's. */
  private valueCtx(): string | null {
    const f = this.frames[this.frames.length - 1];
    if (!f) return this.rootCtx;
    if (!f.isObject) return f.ctx;
    return memberContext(f.member ?? '', f.attrKey, f.ctx);
  }

  /** Inside a deferred "value" (its strings are rewritten later, with the attribute's key). */
  private inDeferred(): boolean {
    return this.deferring > 0 && this.frames.some((f) => f.deferStart >= 0 && f.deferEnd < 0);
  }

  private open(isObject: boolean): 'descend' {
    this.startMember();
    this.frames.push({ isObject, ctx: this.valueCtx(), member: null, attrKey: null, sawKeyMember: false, deferStart: -1, deferEnd: -1, start: this.scanner.tokenStart, lastElementBytes: Infinity });
    return 'descend';
  }

  /**
   * Whether the container starting now goes to the helper: an element of an array whose last
   * element was small, outside any deferred "value", while the helper had room for this chunk.
   * Otherwise the run gathered so far is sent.
   */
  private toHelper(): boolean {
    const f = this.frames[this.frames.length - 1];
    if (this.offloading && f && !f.isObject && f.lastElementBytes <= HELPER_MAX_ELEMENT && this.deferring === 0 && (!this.run || this.run.frame === f)) return true;
    this.sendRun();
    return false;
  }

  /** An element for the helper, just read (unparsed): it joins the run. */
  private gather(): void {
    const { tokenStart, tokenEnd } = this.scanner;
    const f = this.frames[this.frames.length - 1]!;
    f.lastElementBytes = tokenEnd - tokenStart;
    if (this.run) this.run.end = tokenEnd;
    else this.run = { frame: f, start: tokenStart, end: tokenEnd };
  }

  /** Hands the gathered run to the helper; its range waits in the output until the answer. */
  private sendRun(): void {
    const run = this.run;
    if (!run) return;
    this.run = null;
    const edit: Edit = { start: run.start, end: run.end, bytes: null };
    this.addEdit(edit);
    this.sent.push(
      this.helper!.rewrite(this.entry, run.frame.ctx, Buffer.from(this.slice(run.start, run.end))).then(
        ({ bytes, counts }) => {
          edit.bytes = bytes;
          this.strings.add(counts);
          if (!this.helperError) this.flush(this.ended ? this.heldStart + this.held.length : this.limit());
        },
        (error: unknown) => {
          this.helperError ??= error;
        },
      ),
    );
  }

  /** A value starts in the current object: a deferred "value" begins here. */
  private startMember(): void {
    const f = this.frames[this.frames.length - 1];
    if (f?.isObject && f.member === 'value' && !f.sawKeyMember && f.deferStart < 0) {
      f.deferStart = this.scanner.tokenStart;
      this.deferring++;
    }
  }

  /** The current object's deferred "value" ends with the value just completed. */
  private endMember(): void {
    const f = this.frames[this.frames.length - 1];
    if (f?.isObject && f.member === 'value' && f.deferStart >= 0 && f.deferEnd < 0) f.deferEnd = this.scanner.tokenEnd;
  }

  private key(key: string): void {
    const f = this.frames[this.frames.length - 1];
    f.member = key;
    if (key === 'key') f.sawKeyMember = true;
    if (!this.inDeferred()) this.replace(key, null);
  }

  private value(value: unknown): void {
    // (A scalar between array elements ends the run gathered for the helper.)
    this.sendRun();
    this.startMember();
    if (typeof value === 'string' && !this.inDeferred()) {
      const f = this.frames[this.frames.length - 1];
      this.replace(value, this.valueCtx());
      if (f?.isObject && f.member === 'key') f.attrKey = value;
    } else if (typeof value === 'string') {
      const f = this.frames[this.frames.length - 1];
      if (f?.isObject && f.member === 'key') f.attrKey = value;
    }
    this.endMember();
  }

  private close(): void {
    const f = this.frames.pop()!;
    const parent = this.frames[this.frames.length - 1];
    if (parent && !parent.isObject) parent.lastElementBytes = this.scanner.tokenEnd - f.start;
    if (f.deferStart >= 0) {
      this.deferring--;
      // rewrite the held-back "value" with the attribute's key as context
      const raw = this.slice(f.deferStart, f.deferEnd);
      const out: Buffer[] = [];
      const sub = new JsonRedactor(this.strings, (b) => out.push(b), this.entry, f.attrKey ?? nestedKey('value', f.ctx));
      sub.write(raw);
      sub.end();
      const bytes = Buffer.concat(out);
      if (!bytes.equals(raw)) this.addEdit({ start: f.deferStart, end: f.deferEnd, bytes });
    }
    this.endMember();
  }

  /** Queues a replacement for the string token just reported, when redaction changes it. */
  private replace(text: string, ctx: string | null): void {
    const out = this.strings.redact(text, ctx);
    if (out !== null) this.addEdit({ start: this.scanner.tokenStart, end: this.scanner.tokenEnd, bytes: Buffer.from(JSON.stringify(out), 'utf8') });
  }

  private addEdit(e: Edit): void {
    const edits = this.edits;
    let i = edits.length;
    while (i > 0 && edits[i - 1].start > e.start) i--;
    edits.splice(i, 0, e);
  }

  private slice(start: number, end: number): Buffer {
    return this.held.subarray(start - this.heldStart, end - this.heldStart);
  }

  /** Emits every byte before `limit` (absolute), with the queued replacements applied. */
  private flush(limit: number): void {
    let pos = this.heldStart;
    let k = 0;
    const edits = this.edits;
    while (k < edits.length && edits[k].end <= limit && edits[k].bytes !== null) {
      const e = edits[k++];
      if (e.start > pos) this.sink(this.slice(pos, e.start));
      this.sink(e.bytes!);
      pos = e.end;
    }
    if (k) this.edits = edits.slice(k);
    const stop = this.edits.length ? Math.min(limit, this.edits[0].start) : limit;
    if (stop > pos) {
      this.sink(this.slice(pos, stop));
      pos = stop;
    }
    this.held = this.held.subarray(pos - this.heldStart);
    this.heldStart = pos;
  }

  /** Earliest byte that may still be replaced: an unfinished token or a deferred "value". */
  private limit(): number {
    let limit = this.scanner.pendingFrom();
    if (this.deferring > 0) for (const f of this.frames) if (f.deferStart >= 0 && f.deferStart < limit) limit = f.deferStart;
    return limit;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0) return;
    if (this.helperError) throw this.helperError;
    this.held = this.held.length ? Buffer.concat([this.held, chunk]) : chunk;
    this.offloading = this.helper?.ready() ?? false;
    try {
      this.scanner.push(chunk);
    } catch (err) {
      if (err instanceof BundleProblem) this.fail(err.message.replace(`${this.entry}: `, ''));
      throw err;
    }
    this.sendRun();
    this.flush(this.limit());
    if (this.held.length > MAX_HELD_BYTES) this.fail(`a string, or an attribute "value" before its "key", over ${MAX_HELD_BYTES} bytes`);
  }

  /** Call after the last chunk: refuses text that stops inside a string or container. */
  end(): void {
    const midToken = this.scanner.pendingFrom() < this.heldStart + this.held.length;
    try {
      this.scanner.finish();
    } catch (err) {
      if (!(err instanceof BundleProblem)) throw err;
      if (midToken) this.fail('it ends inside a string');
      if (this.frames.length) this.fail('it ends inside an object or array');
      this.fail(err.message.replace(`${this.entry}: `, ''));
    }
    this.ended = true;
    this.flush(this.heldStart + this.held.length);
  }

  /** After end(): waits for the helper's rewrites and emits the rest (at once without a helper). */
  async finish(): Promise<void> {
    await Promise.all(this.sent);
    if (this.helperError) throw this.helperError;
    this.flush(this.heldStart + this.held.length);
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
      if (cut < 0) throw new AppError('UNPROCESSABLE', `${this.entry} cannot be sanitized: a line of over ${MAX_TEXT_LINE} bytes has no delimiter to split at.`);
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
        if (!(err instanceof AppError && err.code === 'UNPROCESSABLE')) throw err;
        strings.restore(before);
        redactTextLine(strings, sink, bytes, newline);
        return;
      }
      for (const b of out) sink(b);
      if (newline) sink(NEWLINE);
    }, entry);
  }
}
