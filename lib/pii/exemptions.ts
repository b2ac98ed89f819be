// The one list of exemptions and key-context rules, shared by every consumer of the engine
// (inspection's redaction check, ingest, the share rewriter): strings that are never personal
// data, and which key names a string when it sits inside an OTLP / Jaeger attribute wrapper.

/** Keys whose hex or base64 ids are span / trace ids. */
const ID_KEYS = new Set(['traceId', 'spanId', 'parentSpanId', 'traceID', 'spanID', 'parentSpanID', 'id', 'parentId']);
const HEX_OR_B64_ID = /^(?:[0-9a-fA-F]{16}|[0-9a-fA-F]{32}|[A-Za-z0-9+/]{11}=|[A-Za-z0-9+/]{22}==)$/;
/** OTLP AnyValue members: inside them the attribute's own key still names the value. */
const ANY_VALUE_MEMBERS = new Set(['stringValue', 'arrayValue', 'kvlistValue', 'values', 'intValue', 'doubleValue', 'boolValue', 'bytesValue']);

/** True when every character is a hex digit (either case). */
export function isHex(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) | 0x20;
    if (!((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) return false;
  }
  return true;
}

function isDigits(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * True for strings that are never personal data and are not scanned: span / trace ids under their
 * id keys and nanosecond timestamps. `key` is the key that names the string (see memberContext).
 */
export function isKnownSafe(text: string, key: string | null): boolean {
  if (key === null) return false;
  if (ID_KEYS.has(key)) return (text.length === 16 || text.length === 32) ? isHex(text) : HEX_OR_B64_ID.test(text);
  if (key.endsWith('UnixNano')) return isDigits(text);
  return false;
}

/** Inside an OTLP AnyValue wrapper (stringValue, intValue, arrayValue…), keep the attribute's key. */
export function nestedKey(member: string, outer: string | null): string {
  if (outer !== null && ANY_VALUE_MEMBERS.has(member)) return outer;
  return member;
}

/**
 * The key that names a value found under `member` of an object: an OTLP attribute / Jaeger tag
 * `{key, value}` names its value by its `key`; otherwise the member, or the enclosing key inside
 * AnyValue wrappers. `attrKey` is the object's own string `key` member, null when it has none.
 */
export function memberContext(member: string, attrKey: string | null, outer: string | null): string {
  return member === 'value' && attrKey !== null ? attrKey : nestedKey(member, outer);
}
