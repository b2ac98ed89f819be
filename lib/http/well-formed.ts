// Text from forms and JSON bodies may hold lone UTF-16 surrogates (JSON "\ud800", a pasted
// fragment); stored as is, the server renders U+FFFD where the client has the surrogate and React
// fails to hydrate. Every input boundary replaces them with U+FFFD once, before validation.

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const fix = (s: string) => s.replace(LONE_SURROGATE, '\uFFFD');

/** `value` with every string (deeply, in arrays and plain objects) made well-formed UTF-16. */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string') return fix(value) as T;
  if (Array.isArray(value)) return value.map(wellFormed) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [fix(k), wellFormed(v)])) as T;
  }
  return value;
}
