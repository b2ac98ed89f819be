// Value helpers shared by the detectors: placeholders, person-like values, Luhn, digit runs.

export const PLACEHOLDER_RE =
  /^(?:[*•xX#.\-_ ]+|\[?(?:redacted|filtered|removed|hidden|masked|scrubbed|omitted|secret|password)(?::[a-z_]+)?\]?|<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\$[A-Z_][A-Z0-9_]*|%[A-Z_]+%|%s|null|nil|none|undefined|n\/a|na|true|false|empty|changeme|\?+)$/i;

export function isPlaceholder(v: string): boolean {
  const s = v.trim();
  if (s.length === 0) return true;
  if (s.includes('[redacted:')) return true;
  return PLACEHOLDER_RE.test(s);
}

export const OPAQUE_ID_RE = /^(?:[A-Za-z_]+[:/])?(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F-X]{12}|[0-9a-fA-F]{12,}|\d+)$/;
export const NOT_A_PERSON = new Set([
  'root', 'admin', 'administrator', 'system', 'anonymous', 'anon', 'guest', 'unknown', 'nobody', 'service',
  'daemon', 'test', 'user', 'default', 'sa', 'postgres', 'mysql', 'www-data', 'unauthenticated', 'public',
]);

export function looksLikePersonValue(v: string): boolean {
  const s = v.trim();
  if (s.length === 0 || s.length > 120) return false;
  if (isPlaceholder(s)) return false;
  if (!/[A-Za-z\u00C0-\u024F]/.test(s)) return false;
  if (OPAQUE_ID_RE.test(s)) return false;
  if (NOT_A_PERSON.has(s.toLowerCase())) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return false;
  return true;
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let dbl = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (dbl) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    dbl = !dbl;
  }
  return sum % 10 === 0;
}

export function onlyDigits(s: string): string {
  return s.replace(/\D/g, '');
}

export function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
