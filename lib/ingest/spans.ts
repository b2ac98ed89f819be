// From the engine's span model to stored rows: µs times, and every string that could hold
// personal data passed through redactText, so raw values never reach the database.
import { redactDeep, redactText } from '@/lib/pii';
import type { AttrValue, Span } from '@/lib/bundle/trace/model';
import type { SpoolField } from './span-spool';

export function redactAttributes(attributes: Record<string, AttrValue>): Record<string, AttrValue> {
  return redactDeep(attributes);
}

const toUs = (ns: bigint) => Number(ns / 1000n);

/** Strings longer than this are redacted each time (few repeat); shorter ones are remembered. */
const MEMO_MAX_LEN = 96;
/** Remembered strings per parse, at most (then the memo starts again). */
const MEMO_MAX_SIZE = 250_000;

/**
 * redactText and redactDeep with a memo of the verdicts for short strings: a million spans repeat
 * the same attribute keys, services, names and most values, and each redactText is a full scan.
 * The output is the same as the plain functions' (redactText depends on its text and key only).
 */
export class SpanRedactor {
  /** text -> redacted text, without a key context */
  private bare = new Map<string, string>();
  /** key context -> text -> redacted text */
  private byKey = new Map<string, Map<string, string>>();
  private size = 0;

  text(text: string, key: string | null): string {
    if (text.length > MEMO_MAX_LEN || (key !== null && key.length > MEMO_MAX_LEN)) return redactText(text, key);
    let memo = key === null ? this.bare : this.byKey.get(key);
    if (!memo) this.byKey.set(key!, (memo = new Map()));
    let out = memo.get(text);
    if (out === undefined) {
      out = redactText(text, key);
      if (++this.size > MEMO_MAX_SIZE) {
        this.bare.clear();
        this.byKey.clear();
        this.size = 0;
        memo = key === null ? this.bare : new Map();
        if (key !== null) this.byKey.set(key, memo);
      }
      memo.set(text, out);
    }
    return out;
  }

  /** redactDeep: keys as text, values with their key as context, arrays keep the enclosing key. */
  deep<T>(value: T, key: string | null = null): T {
    if (typeof value === 'string') return this.text(value, key) as T;
    if (Array.isArray(value)) return value.map((v) => this.deep(v, key)) as T;
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const k in value as Record<string, unknown>) {
        if (!Object.hasOwn(value as object, k)) continue;
        out[this.text(k, null)] = this.deep((value as Record<string, unknown>)[k], k);
      }
      return out as T;
    }
    return value;
  }
}

const EMPTY_JSON_ARRAY = '[]';

/**
 * What a span's row holds beyond the columns the span statistics index at parse time (ids,
 * service, name, times, error: lib/bundle/operations.ts's SpanIndex), as spooled until the
 * insert: kind, error code, status message, then attributes, events and links as JSON.
 */
export function spanDetails(span: Span, redactor: SpanRedactor = new SpanRedactor()): SpoolField[] {
  const code = span.attributes['x400.error.code'];
  return [
    span.kind,
    typeof code === 'string' ? code : null,
    span.status.message ? redactor.text(span.status.message, null) : null,
    JSON.stringify(redactor.deep(span.attributes)),
    span.events.length === 0 ? EMPTY_JSON_ARRAY : JSON.stringify(span.events.map((e) => ({ timeUs: toUs(e.timeNs), name: redactor.text(e.name, null), attributes: redactor.deep(e.attributes) }))),
    span.links.length === 0 ? EMPTY_JSON_ARRAY : JSON.stringify(span.links.map((l) => ({ traceId: l.traceId, spanId: l.spanId, attributes: redactor.deep(l.attributes) }))),
  ];
}
