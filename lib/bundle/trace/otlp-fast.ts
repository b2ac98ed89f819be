// A byte-level reader for OTLP/JSON span records of the common shape: ids, name, kind, times,
// status, flat attributes (string, int, double, bool), trace state, flags, dropped counts, and
// empty events / links. It reads straight from the inflated bytes, without JSON.parse building
// every object and string first, and reports to the redaction check exactly what a walk of the
// parsed record would (the same strings, under the same keys, in the same order, at the same
// paths). Anything else (escapes, control characters, other members, repeated keys, nesting,
// events or links) makes it give the record back, untouched, to the general path
// (`otlpSpan` on the parsed value): this reader is a shortcut, never a second set of rules. The
// keys strings are judged under come from the engine's memberContext, exemptions from its
// isKnownSafe, verdicts from the same RedactionCheck (lib/pii).
//
// A record is read in two steps: parse (validating the JSON grammar strictly, building the span,
// and queueing the strings to check), then commit (the checks run). A record given back has
// reported nothing.

import type { Segment } from '../json-stream';
import type { RedactionCheck } from '../redaction';
import { isHex, isKnownSafe, memberContext } from '@/lib/pii/exemptions';
import { statusCode } from './otlp';
import { normalizeId, toSpanKind, type AttrValue, type Span, type StatusCode } from './model';

/** Members of a span record this reader knows; any other sends the record to the general path. */
const enum M {
  TraceId, SpanId, ParentSpanId, Name, Kind, Start, End, Status, Attributes, TraceState, Flags,
  DroppedAttributes, DroppedEvents, DroppedLinks, Events, Links,
  // inside attributes and status
  Key, Value, StringValue, IntValue, DoubleValue, BoolValue, Code, Message,
  Count,
}

const MEMBER_NAMES: [string, M][] = [
  ['traceId', M.TraceId], ['spanId', M.SpanId], ['parentSpanId', M.ParentSpanId], ['name', M.Name],
  ['kind', M.Kind], ['startTimeUnixNano', M.Start], ['endTimeUnixNano', M.End], ['status', M.Status],
  ['attributes', M.Attributes], ['traceState', M.TraceState], ['flags', M.Flags],
  ['droppedAttributesCount', M.DroppedAttributes], ['droppedEventsCount', M.DroppedEvents],
  ['droppedLinksCount', M.DroppedLinks], ['events', M.Events], ['links', M.Links],
  ['key', M.Key], ['value', M.Value], ['stringValue', M.StringValue], ['intValue', M.IntValue],
  ['doubleValue', M.DoubleValue], ['boolValue', M.BoolValue], ['code', M.Code], ['message', M.Message],
];

// The keys strings are judged under, by the engine's one rule (memberContext), as a walk of the
// parsed record gives them: a span's members under their own names, status members under theirs,
// an attribute's key text under "key" and its value under the attribute's key.
const SPAN_CTX = MEMBER_NAMES.map(([name]) => memberContext(name, null, null));
const STATUS_CTX = memberContext('status', null, null);
const CODE_CTX = memberContext('code', null, STATUS_CTX);
const MESSAGE_CTX = memberContext('message', null, STATUS_CTX);
/** Nanosecond times given as digits are exempt from the check (then read without decoding). */
const TIMES_EXEMPT = isKnownSafe('1795726800000630512', SPAN_CTX[M.Start]) && isKnownSafe('1795726800000630512', SPAN_CTX[M.End]);
/** Hex ids of 8 and 16 bytes are exempt from the check under the id members (asked of the rule once). */
const HEX_IDS_EXEMPT = [M.TraceId, M.SpanId, M.ParentSpanId].every((m) => isKnownSafe('0123456789abcdef', SPAN_CTX[m]) && isKnownSafe('0123456789ABCDEF0123456789abcdef', SPAN_CTX[m]));
/** Elements of an array are judged under the array's key. */
const ATTRIBUTES_CTX = memberContext('attributes', null, null);

/** Longest string kept in the interner (longer ones are decoded each time). */
const INTERN_MAX_BYTES = 96;
/** Strings the interner holds at most (then it only looks up). */
const INTERN_MAX_ENTRIES = 65_536;

interface Interned {
  text: string;
  bytes: Uint8Array;
  /** Member id for the names above, else -1. */
  member: number;
  /** The key this string was last found clean under (a cached verdict), else undefined. */
  cleanUnder: string | null | undefined;
  next: Interned | null;
}

/** Node's Buffer decoders without toString's argument checks (undocumented, stable since Node 0.x). */
type RawBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

/** Gives up on a record: the general path reads it. */
class GiveBack extends Error {}
const GIVE_BACK = new GiveBack();

const KIND_BY_NUMBER: Span['kind'][] = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];

export class OtlpFastReader {
  /** The span of the record read last. */
  span: Span | null = null;
  /** Records read here / given back, for tests and benchmarks. */
  read = 0;
  givenBack = 0;
  private buf = Buffer.alloc(0) as RawBuffer;
  private pos = 0;
  private readonly table = new Map<number, Interned>();
  private entries = 0;
  // the string just scanned: its bytes [strStart, strEnd), and whether they are all ASCII
  private strStart = 0;
  private strEnd = 0;
  private strAscii = true;
  private strHash = 0;
  // checks queued by the parse, run at commit: text, key, then up to four path segments
  private qText: string[] = [];
  private qKey: (string | null)[] = [];
  private qEntry: (Interned | null)[] = [];
  private qSeg: (Segment | undefined)[] = [];
  private q = 0;
  /** The last two members met after each member (at (id + 1) * 2 and + 1), tried first by `member`. */
  private readonly nextMember: (Interned | undefined)[] = new Array<Interned | undefined>((M.Count + 1) * 2);
  private lastMember = -1;

  /**
   * `check`: the redaction check the strings go to (null: none). `usable` is false when one of
   * the member names themselves would be a finding (the general path then reports it).
   */
  readonly usable: boolean;

  constructor(private readonly check: RedactionCheck | null, private readonly entry = 'trace.json') {
    for (const [name, id] of MEMBER_NAMES) this.insert(name, id);
    this.usable = check === null || MEMBER_NAMES.every(([name]) => check.keyIsClean(name));
  }

  /**
   * Reads the record starting at `buf[start]` (a '{') whose path is `base`. Returns the offset
   * just past it, with the span in `this.span` and its strings checked; or -1 when the record
   * needs the general path, or does not end inside `buf` (nothing was reported then).
   */
  readSpan(buf: Buffer, start: number, base: readonly Segment[], service: string): number {
    this.buf = buf as RawBuffer;
    this.pos = start;
    this.q = 0;
    let span: Span;
    try {
      span = this.parseSpan(service);
    } catch (err) {
      if (err !== GIVE_BACK && !(err instanceof RangeError)) throw err;
      this.givenBack++;
      return -1;
    }
    this.commit(base);
    this.read++;
    this.span = span;
    return this.pos;
  }

  private commit(base: readonly Segment[]): void {
    const check = this.check;
    if (!check) return;
    const seg = this.qSeg;
    for (let k = 0; k < this.q; k++) {
      const text = this.qText[k];
      const key = this.qKey[k];
      const e = this.qEntry[k];
      if (e !== null && e.cleanUnder === key) continue; // found clean earlier in this record
      const at = k * 4;
      check.scanStringAt(this.entry, text, key, base, seg[at], seg[at + 1], seg[at + 2], seg[at + 3]);
      if (e !== null && check.stringIsClean(text, key)) e.cleanUnder = key;
    }
  }

  private queue(text: string, key: string | null, e: Interned | null, s1: Segment, s2?: Segment, s3?: Segment, s4?: Segment): void {
    if (e !== null && e.cleanUnder === key) return; // found clean under this key before
    if (e === null && isKnownSafe(text, key)) return; // exempt (interned strings: at commit)
    const k = this.q++;
    this.qText[k] = text;
    this.qKey[k] = key;
    this.qEntry[k] = e;
    const at = k * 4;
    this.qSeg[at] = s1;
    this.qSeg[at + 1] = s2;
    this.qSeg[at + 2] = s3;
    this.qSeg[at + 3] = s4;
  }

  // ---- the span record ----

  private parseSpan(service: string): Span {
    const buf = this.buf;
    if (buf[this.pos] !== 0x7b) throw GIVE_BACK;
    this.pos++;
    let seen = 0;
    let traceId: string | null = null;
    let spanId: string | null = null;
    let parentSpanId: string | null = null;
    let name = '';
    let kind: Span['kind'] = 'unspecified';
    let startNs: bigint | null = null;
    let endNs: bigint | null = null;
    let status: Span['status'] = { code: 'unset' };
    let attributes: Record<string, AttrValue> = {};
    if (this.ws() === 0x7d) throw GIVE_BACK; // {}: no ids
    for (;;) {
      const member = this.member();
      if (member < 0 || member >= M.Key || seen & (1 << member)) throw GIVE_BACK;
      seen |= 1 << member;
      const c = this.ws();
      switch (member) {
        case M.TraceId:
        case M.SpanId:
        case M.ParentSpanId: {
          if (c !== 0x22) throw GIVE_BACK;
          const raw = this.plainString();
          const bytes = member === M.TraceId ? 16 : 8;
          const hex = (raw.length === 16 || raw.length === 32) && isHex(raw);
          if (!(hex && HEX_IDS_EXEMPT)) this.queue(raw, SPAN_CTX[member], null, MEMBER_NAMES[member][0]);
          // normalizeId's first case, without its regular expression
          const id = hex && raw.length === bytes * 2 ? raw.toLowerCase() : normalizeId(raw, bytes);
          if (member === M.TraceId) traceId = id;
          else if (member === M.SpanId) spanId = id;
          else parentSpanId = id;
          break;
        }
        case M.Name: {
          if (c !== 0x22) throw GIVE_BACK;
          const e = this.internedString();
          name = e ? e.text : this.decoded();
          this.queue(name, SPAN_CTX[M.Name], e, 'name');
          break;
        }
        case M.Kind:
          if (c === 0x22) {
            const raw = this.plainString();
            this.queue(raw, SPAN_CTX[M.Kind], null, 'kind');
            kind = toSpanKind(raw);
          } else {
            kind = KIND_BY_NUMBER[this.number()] ?? 'unspecified';
          }
          break;
        case M.Start:
        case M.End: {
          let v: bigint | null;
          if (c === 0x22) {
            // plain digits under these keys are exempt from the check: read as they are
            v = TIMES_EXEMPT ? this.digitString() : null;
            if (v === null) {
              const raw = this.plainString();
              this.queue(raw, SPAN_CTX[member], null, MEMBER_NAMES[member][0]);
              v = isInteger(raw) ? BigInt(raw) : null;
            }
          } else {
            const n = this.number();
            v = Number.isFinite(n) ? BigInt(Math.round(n)) : null;
          }
          if (member === M.Start) startNs = v;
          else endNs = v;
          break;
        }
        case M.Status:
          if (c !== 0x7b) throw GIVE_BACK;
          status = this.status();
          break;
        case M.Attributes:
          if (c !== 0x5b) throw GIVE_BACK;
          attributes = this.attributes();
          break;
        case M.TraceState: {
          if (c !== 0x22) throw GIVE_BACK;
          const e = this.internedString();
          this.queue(e ? e.text : this.decoded(), SPAN_CTX[M.TraceState], e, 'traceState');
          break;
        }
        case M.Flags:
        case M.DroppedAttributes:
        case M.DroppedEvents:
        case M.DroppedLinks:
          if (c === 0x22) throw GIVE_BACK;
          this.number();
          break;
        case M.Events:
        case M.Links:
          // only empty lists: non-empty ones go the general way
          if (c !== 0x5b) throw GIVE_BACK;
          this.pos++;
          if (this.ws() !== 0x5d) throw GIVE_BACK;
          this.pos++;
          break;
        default:
          throw GIVE_BACK;
      }
      if (this.closes(0x7d)) break;
    }
    if (!traceId || !spanId) throw GIVE_BACK;
    const start = startNs ?? 0n;
    return {
      traceId, spanId, parentSpanId, service, name, kind,
      startNs: start,
      endNs: endNs ?? start,
      status, attributes, events: [], links: [],
    };
  }

  private status(): Span['status'] {
    this.pos++; // {
    let code: StatusCode = 'unset';
    let message: string | null = null;
    let seen = 0;
    if (this.ws() === 0x7d) { this.pos++; return { code }; }
    for (;;) {
      const member = this.member();
      if ((member !== M.Code && member !== M.Message) || seen & (1 << (member - M.Key))) throw GIVE_BACK;
      seen |= 1 << (member - M.Key);
      const c = this.ws();
      if (member === M.Code) {
        if (c === 0x22) {
          const raw = this.plainString();
          this.queue(raw, CODE_CTX, null, 'status', 'code');
          code = statusCode(raw);
        } else {
          code = statusCode(this.number());
        }
      } else {
        if (c !== 0x22) throw GIVE_BACK;
        const e = this.internedString();
        message = e ? e.text : this.decoded();
        this.queue(message, MESSAGE_CTX, e, 'status', 'message');
      }
      if (this.closes(0x7d)) break;
    }
    const out: Span['status'] = { code };
    if (message) out.message = message;
    return out;
  }

  private attributes(): Record<string, AttrValue> {
    this.pos++; // [
    const out: Record<string, AttrValue> = {};
    if (this.ws() === 0x5d) { this.pos++; return out; }
    for (let index = 0; ; index++) {
      if (this.buf[this.pos] !== 0x7b) throw GIVE_BACK;
      this.attribute(index, out);
      if (this.closes(0x5d)) return out;
    }
  }

  /** One `{"key": "...", "value": {"<kind>Value": ...}}`, either member first. */
  private attribute(index: number, out: Record<string, AttrValue>): void {
    this.pos++; // {
    let key: Interned | null = null;
    let keyText: string | null = null;
    let valueText: string | null = null;
    let valueEntry: Interned | null = null;
    let valueMember = '';
    let value: AttrValue = null;
    let hasValue = false;
    let valueFirst = false;
    if (this.ws() === 0x7d) throw GIVE_BACK;
    for (;;) {
      const member = this.member();
      const c = this.ws();
      if (member === M.Key && keyText === null) {
        if (c !== 0x22) throw GIVE_BACK;
        key = this.internedString();
        keyText = key ? key.text : this.decoded();
      } else if (member === M.Value && !hasValue) {
        if (c !== 0x7b) throw GIVE_BACK;
        hasValue = true;
        valueFirst = keyText === null;
        this.pos++;
        if (this.ws() === 0x7d) throw GIVE_BACK;
        const vm = this.member();
        const vc = this.ws();
        switch (vm) {
          case M.StringValue:
            if (vc !== 0x22) throw GIVE_BACK;
            valueEntry = this.internedString();
            valueText = valueEntry ? valueEntry.text : this.decoded();
            value = valueText;
            break;
          case M.IntValue:
            if (vc === 0x22) {
              valueEntry = this.internedString();
              valueText = valueEntry ? valueEntry.text : this.decoded();
              const n = Number(valueText);
              value = Number.isSafeInteger(n) ? n : valueText;
            } else {
              const n = this.number();
              value = Number.isSafeInteger(n) ? n : null;
            }
            break;
          case M.DoubleValue:
            if (vc === 0x22) throw GIVE_BACK;
            value = this.number();
            break;
          case M.BoolValue:
            if (vc === 0x74 || vc === 0x66) value = this.boolean();
            else throw GIVE_BACK;
            break;
          default:
            throw GIVE_BACK;
        }
        valueMember = MEMBER_NAMES[vm][0];
        if (this.ws() !== 0x7d) throw GIVE_BACK;
        this.pos++;
      } else {
        throw GIVE_BACK;
      }
      if (this.closes(0x7d)) break;
    }
    if (keyText === null) throw GIVE_BACK;
    // What a walk of {key, value} reports, in the members' order: the key's text under "key",
    // then the value's string under the attribute's own key.
    const keyCtx = memberContext('key', keyText, ATTRIBUTES_CTX);
    const valueCtx = valueText === null ? null : memberContext(valueMember, null, memberContext('value', keyText, ATTRIBUTES_CTX));
    if (valueText !== null && valueFirst) this.queue(valueText, valueCtx, valueEntry, 'attributes', index, 'value', valueMember);
    this.queue(keyText, keyCtx, key, 'attributes', index, 'key');
    if (valueText !== null && !valueFirst) this.queue(valueText, valueCtx, valueEntry, 'attributes', index, 'value', valueMember);
    out[keyText] = hasValue ? value : null;
  }

  // ---- tokens ----

  /**
   * After a member or an element: true past the container's closing `close`; false past a comma
   * (at the next token).
   */
  private closes(close: number): boolean {
    const next = this.ws();
    this.pos++;
    if (next === close) return true;
    if (next !== 0x2c) throw GIVE_BACK;
    this.ws();
    return false;
  }

  /** Skips whitespace; returns the byte there (gives the record back at the end of the buffer). */
  private ws(): number {
    const buf = this.buf;
    let i = this.pos;
    if (i >= buf.length) throw GIVE_BACK;
    let c = buf[i];
    if (c > 0x20) return c;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) {
      if (++i >= buf.length) throw GIVE_BACK;
      c = buf[i];
    }
    this.pos = i;
    return c;
  }

  /**
   * A member name and its colon; returns its member id (-1 for names this reader does not know).
   * Exporters write members in one order: the name that followed the last one is tried first,
   * byte by byte, before the interner.
   */
  private member(): number {
    const buf = this.buf;
    const i = this.pos;
    if (buf[i] !== 0x22) throw GIVE_BACK;
    const slot = (this.lastMember + 1) * 2;
    let e = this.guess(this.nextMember[slot], buf, i) ?? this.guess(this.nextMember[slot + 1], buf, i);
    if (e === null) {
      e = this.internedString();
      if (e !== null && e.member >= 0) {
        // the newest follower first, the one before it second
        this.nextMember[slot + 1] = this.nextMember[slot];
        this.nextMember[slot] = e;
      }
    }
    if (this.ws() !== 0x3a) throw GIVE_BACK;
    this.pos++;
    this.ws();
    this.lastMember = e ? e.member : -1;
    return this.lastMember;
  }

  /** `candidate` when its name is the string at `i` (then pos moves past it), else null. */
  private guess(candidate: Interned | undefined, buf: Buffer, i: number): Interned | null {
    if (candidate === undefined) return null;
    const b = candidate.bytes;
    const len = b.length;
    if (i + len + 1 >= buf.length || buf[i + 1 + len] !== 0x22) return null;
    for (let k = 0; k < len; k++) if (b[k] !== buf[i + 1 + k]) return null;
    this.pos = i + len + 2;
    return candidate;
  }

  /** Scans the string at pos (a '"'): sets strStart/strEnd/strAscii/strHash and moves past it. */
  private scanString(): void {
    const buf = this.buf;
    const n = buf.length;
    const start = this.pos + 1;
    let i = start;
    let h = 0x811c9dc5;
    let bits = 0;
    for (; i < n; i++) {
      const c = buf[i];
      if (c === 0x22) break;
      if (c < 0x20 || c === 0x5c) throw GIVE_BACK;
      bits |= c;
      h = Math.imul(h ^ c, 16777619);
    }
    if (i >= n) throw GIVE_BACK;
    this.strStart = start;
    this.strEnd = i;
    this.strAscii = bits < 0x80;
    // within V8's small integers, so the interner's Map keys stay unboxed
    this.strHash = (h ^ (i - start)) & 0x3fffffff;
    this.pos = i + 1;
  }

  /**
   * A string of 1 to 24 decimal digits at pos, as a bigint, moving past it; null (pos unmoved)
   * for any other string. Two numbers and one multiplication: BigInt(text) costs ten times more.
   */
  private digitString(): bigint | null {
    const buf = this.buf;
    const start = this.pos + 1;
    const n = Math.min(buf.length, start + 25);
    let i = start;
    while (i < n && buf[i] >= 0x30 && buf[i] <= 0x39) i++;
    const len = i - start;
    if (i >= n || buf[i] !== 0x22 || len === 0 || len > 24) return null;
    const split = len > 15 ? i - 9 : i;
    let hi = 0;
    for (let k = start; k < split; k++) hi = hi * 10 + (buf[k] - 0x30);
    this.pos = i + 1;
    if (split === i) return BigInt(hi);
    let lo = 0;
    for (let k = split; k < i; k++) lo = lo * 10 + (buf[k] - 0x30);
    return BigInt(hi) * 1_000_000_000n + BigInt(lo);
  }

  /** The string at pos, decoded (no interning). */
  private plainString(): string {
    this.scanString();
    return this.decoded();
  }

  /** The text of the string scanned last. */
  private decoded(): string {
    return this.strAscii ? this.buf.latin1Slice(this.strStart, this.strEnd) : this.buf.utf8Slice(this.strStart, this.strEnd);
  }

  /** The string at pos, from the interner when it is short ASCII (null: decode it with `decoded`). */
  private internedString(): Interned | null {
    this.scanString();
    const len = this.strEnd - this.strStart;
    if (!this.strAscii || len > INTERN_MAX_BYTES) return null;
    const h = this.strHash;
    const buf = this.buf;
    const s = this.strStart;
    for (let e: Interned | null | undefined = this.table.get(h); e; e = e.next) {
      const b = e.bytes;
      if (b.length !== len) continue;
      let k = 0;
      while (k < len && b[k] === buf[s + k]) k++;
      if (k === len) return e;
    }
    if (this.entries >= INTERN_MAX_ENTRIES) return null;
    return this.add(h, buf.latin1Slice(s, this.strEnd), -1);
  }

  private insert(text: string, member: number): void {
    let h = 0x811c9dc5;
    for (let k = 0; k < text.length; k++) h = Math.imul(h ^ text.charCodeAt(k), 16777619);
    this.add((h ^ text.length) & 0x3fffffff, text, member);
  }

  private add(h: number, text: string, member: number): Interned {
    const e: Interned = { text, bytes: Buffer.from(text, 'latin1'), member, cleanUnder: undefined, next: this.table.get(h) ?? null };
    this.table.set(h, e);
    this.entries++;
    return e;
  }

  /** A JSON number at pos, validated against the grammar (strings of digits are not numbers here). */
  private number(): number {
    const buf = this.buf;
    const start = this.pos;
    let i = start;
    if (buf[i] === 0x2d) i++;
    let c = buf[i];
    if (c === 0x30) {
      c = buf[++i];
    } else if (c >= 0x31 && c <= 0x39) {
      do c = buf[++i]; while (c >= 0x30 && c <= 0x39);
    } else {
      throw GIVE_BACK;
    }
    if (c === 0x2e) {
      c = buf[++i];
      if (!(c >= 0x30 && c <= 0x39)) throw GIVE_BACK;
      do c = buf[++i]; while (c >= 0x30 && c <= 0x39);
    }
    if (c === 0x65 || c === 0x45) {
      c = buf[++i];
      if (c === 0x2b || c === 0x2d) c = buf[++i];
      if (!(c >= 0x30 && c <= 0x39)) throw GIVE_BACK;
      do c = buf[++i]; while (c >= 0x30 && c <= 0x39);
    }
    if (c === undefined) throw GIVE_BACK; // the number may go on in the next chunk
    this.pos = i;
    return Number(buf.latin1Slice(start, i));
  }

  private boolean(): boolean {
    const buf = this.buf;
    const i = this.pos;
    if (buf[i] === 0x74 && buf[i + 1] === 0x72 && buf[i + 2] === 0x75 && buf[i + 3] === 0x65) {
      this.pos = i + 4;
      return true;
    }
    if (buf[i] === 0x66 && buf[i + 1] === 0x61 && buf[i + 2] === 0x6c && buf[i + 3] === 0x73 && buf[i + 4] === 0x65) {
      this.pos = i + 5;
      return false;
    }
    throw GIVE_BACK;
  }
}

function isInteger(text: string): boolean {
  let i = text.charCodeAt(0) === 45 ? 1 : 0;
  if (i === text.length) return false;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
