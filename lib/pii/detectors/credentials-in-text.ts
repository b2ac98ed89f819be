// Detector: credential and person pairs inside free text (`password=…`, `--token x`, `first_name=…`).

import type { Push } from '../types';
import { K_LOGIN, K_PASSWORD, K_PERSON, keyFlags } from '../keys';
import { decodeSafe, isPlaceholder, looksLikePersonValue } from '../values';
import { COOKIE_HEADER_RE, isSessionCookieName } from './session';

export const KV_HINT_RE = /pass|pwd|secret|token|key|auth|cred|name|sig/i;
export const KV_RE =
  /(?<![A-Za-z0-9_])(["']?)([A-Za-z][A-Za-z0-9_.\-]{1,48}|[Uu]ser [Ii][Dd])\1[ \t]*(=|:)[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,;&"'<>})\]]+))/g;
export const KV_VALUE_STOP = new Set([
  'required', 'missing', 'invalid', 'incorrect', 'wrong', 'expired', 'empty', 'too', 'is', 'was', 'not', 'must',
  'changed', 'reset', 'updated', 'ok', 'error', 'failed', 'mismatch', 'set', 'unset', 'provided', 'present',
  'absent', 'hidden', 'bearer', 'basic', 'the', 'a', 'an', 'for', 'of', 'and', 'or', 'policy', 'expires', 'valid',
  'verified', 'accepted', 'rejected', 'denied', 'length', 'type',
]);

export function detectKeyValues(text: string, push: Push): void {
  KV_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  let cookieContext: boolean | undefined;
  while ((m = KV_RE.exec(text)) !== null) {
    const name = m[2];
    // a session cookie is the session detector's (`__Secure-next-auth.session-token=…`)
    if (isSessionCookieName(name, cookieContext ??= COOKIE_HEADER_RE.test(text))) continue;
    const f = keyFlags(name);
    if (!(f & (K_PASSWORD | K_PERSON))) {
      // not a credential name: look for pairs inside this value too (URLs: "https://h/p?api_key=...")
      KV_RE.lastIndex = m.index + m[0].length - (m[4] ?? m[5] ?? m[6] ?? '').length;
      continue;
    }
    const value = m[4] ?? m[5] ?? m[6] ?? '';
    const vEnd = m.index + m[0].length - (m[4] !== undefined || m[5] !== undefined ? 1 : 0);
    const vStart = vEnd - value.length;
    const sep = m[3];
    if (f & K_PASSWORD) {
      const lowerName = name.toLowerCase();
      if (/^(?:bearer|basic|digest|token|negotiate)(?:$|%20|\+)/i.test(value) && lowerName.includes('auth')) {
        // "Authorization: Bearer xyz" is a bearer token; "Authorization: Basic ..." is checked by detectSecrets
        continue;
      }
      const v = decodeSafe(value);
      if (isPlaceholder(v) || KV_VALUE_STOP.has(v.toLowerCase())) continue;
      if (sep === ':' && m[4] === undefined && m[5] === undefined && /^[a-z]+$/.test(v) && v.length < 12) continue;
      const isPasswordWord = /pass|pwd|(?:^|[^a-z])pw(?:$|[^a-z])/.test(lowerName);
      if (isPasswordWord) {
        push('password', vStart, vEnd);
      } else {
        // generic secret: token=/api_key=/client_secret=... with a credential-looking value
        if (v.length >= 8 && (/\d/.test(v) || v.length >= 16) && !/^\d+$/.test(v) && !/^[a-z]+(?:[_-][a-z]+)*$/.test(v)) push('secret', vStart, vEnd);
      }
    } else if (f & K_PERSON) {
      // unquoted person values run to the next separator; quoted ones may contain spaces
      if (!looksLikePersonValue(value) || (!(f & K_LOGIN) && /\d/.test(value))) continue;
      if (m[6] !== undefined && sep === ':' && /^[a-z]+$/.test(value)) continue;
      push('person_name', vStart, vEnd);
    }
  }
}

// command-line flags: `--password hunter2`, `--api-key=...`, `mysql -pSecret`
export const CLI_FLAG_RE = /(?:^|\s)--?(password|passwd|pwd|pass|passphrase|token|api-?key|secret|client-?secret|access-?token|auth-?token)(?:=|\s+)("[^"]*"|'[^']*'|[^\s"'-][^\s"']*)/gi;
// `-u <user> -p <password>` (docker login, twine, mysql with a space)
export const USER_P_RE = /(?:^|\s)-u\s+\S+\s+-p\s+("[^"]*"|'[^']*'|[^\s"'-]\S*)/g;
export const MYSQL_P_RE = /\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p([^\s-]\S*)/g;

export function detectCliFlags(text: string, push: Push): void {
  CLI_FLAG_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = CLI_FLAG_RE.exec(text)) !== null) {
    let v = m[2];
    let end = m.index + m[0].length;
    if (v[0] === '"' || v[0] === "'") {
      v = v.slice(1, -1);
      end--;
    }
    if (isPlaceholder(v)) continue;
    const isPw = /pass|pwd/i.test(m[1]);
    if (!isPw && (v.length < 8 || !/\d/.test(v))) continue;
    push(isPw ? 'password' : 'secret', end - v.length, end);
  }
  USER_P_RE.lastIndex = 0;
  while ((m = USER_P_RE.exec(text)) !== null) {
    let v = m[1];
    let end = m.index + m[0].length;
    if (v[0] === '"' || v[0] === "'") {
      v = v.slice(1, -1);
      end--;
    }
    if (!isPlaceholder(v)) push('password', end - v.length, end);
  }
  MYSQL_P_RE.lastIndex = 0;
  while ((m = MYSQL_P_RE.exec(text)) !== null) {
    if (isPlaceholder(m[1])) continue;
    const end = m.index + m[0].length;
    push('password', end - m[1].length, end);
  }
}
