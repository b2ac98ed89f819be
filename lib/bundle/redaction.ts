// The redaction check: every string (keys and values) of every entry goes through the personal
// data scanner; findings carry an RFC 6901 pointer, and the report keeps the first N of them.

import { maskPreview, scanText, type PiiCategory, type PiiMatch } from '@/lib/pii';
import type { Segment } from './json-stream';
import { isKnownSafe, memberContext } from '@/lib/pii/exemptions';

export interface RedactionFinding {
  entry: string;
  pointer: string;
  line: number | null;
  category: PiiCategory;
  preview: string;
}

export interface RedactionReport {
  clean: boolean;
  counts: Partial<Record<PiiCategory, number>>;
  truncated: boolean;
  findings: RedactionFinding[];
}

export function toPointer(path: readonly Segment[]): string {
  let out = '';
  for (const seg of path) {
    const s = typeof seg === 'number' ? String(seg) : seg;
    out += '/' + (s.includes('~') || s.includes('/') ? s.replace(/~/g, '~0').replace(/\//g, '~1') : s);
  }
  return out;
}

const CACHE_MAX_LEN = 80;
const CACHE_MAX_SIZE = 200_000;

export class RedactionCheck {
  private readonly counts: Partial<Record<PiiCategory, number>> = {};
  private readonly findings: RedactionFinding[] = [];
  private truncated = false;
  private readonly keyCache = new Map<string, PiiMatch[]>();
  /** key (or '' for none) -> text -> matches, for short strings, which repeat a lot. */
  private valueCache = new Map<string, Map<string, PiiMatch[]>>();
  private cached = 0;
  private readonly path: Segment[] = [];
  private entry = '';
  private line: number | null = null;

  constructor(private readonly maxFindings: number) {}

  private record(text: string, matches: PiiMatch[]): void {
    for (const m of matches) {
      this.counts[m.category] = (this.counts[m.category] ?? 0) + 1;
      if (this.findings.length < this.maxFindings) {
        this.findings.push({ entry: this.entry, pointer: toPointer(this.path), line: this.line, category: m.category, preview: maskPreview(text, m) });
      } else {
        this.truncated = true;
      }
    }
  }

  private scanKeyName(key: string): void {
    let m = this.keyCache.get(key);
    if (m === undefined) {
      const found: PiiMatch[] = scanText(key, null);
      if (this.keyCache.size < CACHE_MAX_SIZE) this.keyCache.set(key, found);
      m = found;
    }
    if (m.length) this.record(key, m);
  }

  private scanString(text: string, key: string | null): void {
    if (text.length === 0 || isKnownSafe(text, key)) return;
    const m = this.matches(text, key);
    if (m.length) this.record(text, m);
  }

  /** scanText's matches for a string, cached for short strings (which repeat a lot). */
  private matches(text: string, key: string | null): PiiMatch[] {
    if (text.length > CACHE_MAX_LEN) return scanText(text, key);
    const ck = key ?? '';
    let perKey = this.valueCache.get(ck);
    if (perKey === undefined) {
      perKey = new Map();
      this.valueCache.set(ck, perKey);
    }
    const hit = perKey.get(text);
    if (hit !== undefined) return hit;
    const m = scanText(text, key);
    if (++this.cached >= CACHE_MAX_SIZE) {
      this.valueCache = new Map();
      this.cached = 0;
    }
    perKey.set(text, m);
    return m;
  }

  /**
   * For readers that walk the bytes themselves (lib/bundle/trace/otlp-fast.ts): scans a string
   * met at `base` followed by up to four segments, judged under `key`, as a walk of the parsed
   * value would. The path is only built when something is found.
   */
  scanStringAt(entry: string, text: string, key: string | null, base: readonly Segment[], s1?: Segment, s2?: Segment, s3?: Segment, s4?: Segment): void {
    if (text.length === 0 || isKnownSafe(text, key)) return;
    const m = this.matches(text, key);
    if (m.length === 0) return;
    this.entry = entry;
    this.line = null;
    const path = this.path;
    path.length = 0;
    for (const s of base) path.push(s);
    if (s1 !== undefined) path.push(s1);
    if (s2 !== undefined) path.push(s2);
    if (s3 !== undefined) path.push(s3);
    if (s4 !== undefined) path.push(s4);
    this.record(text, m);
  }

  /** True when scanning `text` under `key` finds nothing (the verdict is cached like a scan's). */
  stringIsClean(text: string, key: string | null): boolean {
    return text.length === 0 || isKnownSafe(text, key) || this.matches(text, key).length === 0;
  }

  /** True when a key name holds no personal data (its verdict is cached). */
  keyIsClean(key: string): boolean {
    let m = this.keyCache.get(key);
    if (m === undefined) {
      m = scanText(key, null);
      this.keyCache.set(key, m);
    }
    return m.length === 0;
  }

  private walk(value: unknown, key: string | null): void {
    if (typeof value === 'string') { this.scanString(value, key); return; }
    if (typeof value !== 'object' || value === null) return;
    const path = this.path;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v = value[i];
        if (typeof v === 'object' && v !== null || typeof v === 'string') {
          path.push(i);
          this.walk(v, key);
          path.pop();
        }
      }
      return;
    }
    const obj = value as Record<string, unknown>;
    // OTLP attributes {key, value:{stringValue}} and Jaeger tags {key, type, value}: the
    // attribute's own key names what the value is.
    const attrKey = typeof obj.key === 'string' ? obj.key : null;
    for (const k in obj) {
      const v = obj[k];
      path.push(k);
      this.scanKeyName(k);
      const ctx = memberContext(k, attrKey, key);
      if (typeof v === 'string') this.scanString(v, ctx);
      else if (typeof v === 'object' && v !== null) this.walk(v, ctx);
      path.pop();
    }
  }

  /**
   * Scans a parsed JSON value found at `path` of `entry` (line: ndjson line number, else null).
   * `context`: the key its strings are judged under, when not the path's last key (an element of
   * a streamed array keeps the array's key, as a walk of the whole document would give it).
   */
  scanValue(entry: string, path: readonly Segment[], value: unknown, line: number | null = null, context?: string | null): void {
    this.entry = entry;
    this.line = line;
    this.path.length = 0;
    for (const s of path) this.path.push(s);
    const last = path.length ? path[path.length - 1] : null;
    this.walk(value, context !== undefined ? context : typeof last === 'string' ? last : null);
  }

  /** Scans one object key met while streaming; `path` is its container's path. */
  scanKey(entry: string, path: readonly Segment[], key: string): void {
    this.entry = entry;
    this.line = null;
    this.path.length = 0;
    for (const s of path) this.path.push(s);
    this.path.push(key);
    this.scanKeyName(key);
  }

  /** Scans a non-JSON text line (unknown extra entries). */
  scanLine(entry: string, text: string, line: number): void {
    this.entry = entry;
    this.line = line;
    this.path.length = 0;
    this.scanString(text, null);
  }

  report(): RedactionReport {
    const clean = Object.keys(this.counts).length === 0;
    return { clean, counts: { ...this.counts }, truncated: this.truncated, findings: this.findings.slice() };
  }
}
