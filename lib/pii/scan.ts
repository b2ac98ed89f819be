// scanText: one pass decides which detectors can apply to a string, then runs them. Framework-free
// and allocation-light: it is called on every string of traces with up to 1M spans, so a single
// char-class pass decides which detectors can possibly apply, and key names are classified once.

import type { PiiCategory, PiiMatch, Push } from './types';
import * as K from './keys';
import { keyFlags } from './keys';
import { isPlaceholder, looksLikePersonValue } from './values';
import { detectEmail } from './detectors/email';
import { detectSessions, sessionGate } from './detectors/session';
import { detectUrlCredentials } from './detectors/url-credentials';
import { detectBearer } from './detectors/bearer';
import { detectSecrets, secretGate } from './detectors/secrets';
import { KV_HINT_RE, detectCliFlags, detectKeyValues } from './detectors/credentials-in-text';
import { detectUserPath } from './detectors/user-path';
import { detectOrAddress } from './detectors/x400';
import { detectIPv4, detectIPv6 } from './detectors/ip';
import { MAC_CISCO_GATE_RE, detectMac } from './detectors/mac';
import { cardIssuerOk, detectCardsAndImei } from './detectors/card';
import { luhn } from './values';
import { detectIban } from './detectors/iban';
import { detectSsn } from './detectors/ssn';
import { PHONE_ANY_HINT_RE, detectPhones } from './detectors/phone';

// Key flags and character classes as module-local constants: the hot loops below use them on
// every string, and local constants are folded by the compiler where imported bindings are not.
const K_COOKIE = K.K_COOKIE;
const K_IMEI = K.K_IMEI;
const K_LOGIN = K.K_LOGIN;
const K_MEASURE = K.K_MEASURE;
const K_PASSWORD = K.K_PASSWORD;
const K_PERSON = K.K_PERSON;
const K_PHONE = K.K_PHONE;
const K_SSN = K.K_SSN;

// Character classes for the branch-light first pass.
const C_DIGIT = 1;
const C_HEXL = 2; // a-f A-F
const C_ALPHA = 4; // other letters
const C_AT = 8;
const C_PCT = 16;
const C_SLASH = 32;
const C_BSLASH = 64;
const C_EQ = 128;
const C_COLON = 256;
const C_DOT = 512;
const C_DASH = 1024;
const C_SPACE = 2048;
const C_PLUS = 4096;
const C_PAREN = 8192;
const C_OTHER = 16384;
const C_NONASCII = 32768;

const CT = new Uint16Array(128);
for (let c = 0; c < 128; c++) {
  let f = C_OTHER;
  if (c >= 48 && c <= 57) f = C_DIGIT;
  else if ((c >= 97 && c <= 102) || (c >= 65 && c <= 70)) f = C_HEXL;
  else if ((c >= 103 && c <= 122) || (c >= 71 && c <= 90)) f = C_ALPHA;
  else if (c === 64) f = C_AT;
  else if (c === 37) f = C_PCT;
  else if (c === 47) f = C_SLASH;
  else if (c === 92) f = C_BSLASH;
  else if (c === 61) f = C_EQ;
  else if (c === 58) f = C_COLON;
  else if (c === 46) f = C_DOT;
  else if (c === 45) f = C_DASH;
  else if (c === 32 || c === 9 || c === 10 || c === 13) f = C_SPACE;
  else if (c === 43) f = C_PLUS;
  else if (c === 40 || c === 41) f = C_PAREN;
  CT[c] = f;
}

/** Credential forms whose random part may be cut into short runs (base64 `+/`, `%2B`, `~`, PEM headers). */
const SHORT_RUN_SECRET_RE = /-----BEGIN|asic |sig=|Q~|Key=/;

export function byStart(a: PiiMatch, b: PiiMatch): number {
  return a.start - b.start || b.end - a.end;
}


// Matches of the scan in progress. Module-level (not a per-call closure) so that the hot path
// allocates nothing but the result array; scanText is synchronous and never re-entered.
let FOUND: PiiMatch[] = [];
function pushFound(category: PiiCategory, start: number, end: number): void {
  const f = FOUND;
  for (let i = 0; i < f.length; i++) {
    const o = f[i];
    if (o.category === category && o.start < end && start < o.end) return; // same-category overlap
  }
  f.push({ category, start, end });
}

/** Scan one string value. `key` is the JSON object key / OTLP attribute key holding it (e.g. "user.email", "http.url"), null when none (array items, or when the string scanned IS a key). */
export function scanText(text: string, key: string | null): PiiMatch[] {
  const out: PiiMatch[] = [];
  const len = text.length;
  if (len === 0) return out;
  const kf = key === null ? 0 : keyFlags(key);

  // Key-driven categories: the whole (non-empty, non-placeholder) value is the match.
  if (kf & (K_PASSWORD | K_PERSON)) {
    if (kf & K_PASSWORD) {
      if (!isPlaceholder(text)) out.push({ category: 'password', start: 0, end: len });
    }
    if (kf & K_PERSON) {
      if (looksLikePersonValue(text) && ((kf & K_LOGIN) !== 0 || !/\d/.test(text))) {
        let s = 0;
        let e = len;
        while (s < e && text.charCodeAt(s) <= 32) s++;
        while (e > s && text.charCodeAt(e - 1) <= 32) e--;
        out.push({ category: 'person_name', start: s, end: e });
      }
    }
  }
  if (len < 5 && !(kf & (K_PHONE | K_SSN | K_IMEI))) return out;

  // Pass 1 (branch-light): which character classes occur, and how many digits.
  let mask = 0;
  let digits = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const f = c < 128 ? CT[c] : C_NONASCII;
    mask |= f;
    digits += f & C_DIGIT;
  }

  // Fast exits for the overwhelmingly common clean shapes.
  if ((mask & ~(C_DIGIT | C_HEXL)) === 0) {
    if (mask & C_HEXL) {
      // hex ids and hashes; an IBAN may be hex-only too ("DE89…", "BE68…", "AE07…")
      const c0 = text.charCodeAt(0);
      const c1 = text.charCodeAt(1);
      if (!(len >= 15 && c0 >= 65 && c0 <= 70 && c1 >= 65 && c1 <= 70)) return out;
    } else {
      // plain numbers: counts, epoch timestamps, numeric ids
      if (len < 12 && !(kf & (K_PHONE | K_SSN | K_IMEI))) return out;
      if (len > 19 && !(kf & K_PHONE)) return out;
      if (!(kf & (K_PHONE | K_SSN | K_IMEI))) {
        // only a card number is possible: prefix + length + Luhn, no regex needed
        if (!(kf & K_MEASURE) && cardIssuerOk(text) && luhn(text)) out.push({ category: 'credit_card', start: 0, end: len });
        return out;
      }
    }
  } else if (len === 36 && (mask & ~(C_DIGIT | C_HEXL | C_DASH)) === 0 && text.charCodeAt(8) === 45 && text.charCodeAt(13) === 45 && text.charCodeAt(18) === 45 && text.charCodeAt(23) === 45) {
    return out; // UUID
  } else if ((mask & (C_AT | C_PCT | C_SLASH | C_BSLASH | C_EQ | C_COLON | C_SPACE | C_PLUS | C_PAREN)) === 0 && digits < 4 && !(mask & C_NONASCII)) {
    // words, service/span/metric names, error codes: only a secret token or a MAC could be here
    if (len >= 20 && secretGate(text)) {
      FOUND = out;
      detectSecrets(text, pushFound);
      return out;
    }
    if (len !== 14 && len !== 17) return out;
  }

  // Pass 2: separators and the longest "numeric token" (digits joined by at most two separator
  // chars among space . - ( ) + /), which gates the digit-based detectors; and the longest run of
  // token characters [A-Za-z0-9_-], which gates the secret table (every vendor format has a
  // random part of 16 or more such characters; the few that may not are checked by literal).
  // A run counts once it holds a digit or a capital, so hyphenated prose ("recipient-unavailable")
  // does not open the gate.
  let tok = 0;
  let tokMixed = false;
  let maxTok = 0;
  let dots = 0;
  let eqs = 0;
  let colons = 0;
  let dashes = 0;
  let run = 0;
  let maxRun = 0;
  let seps = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const f = c < 128 ? CT[c] : C_NONASCII;
    if (f & (C_DIGIT | C_HEXL | C_ALPHA | C_DASH) || c === 95) {
      tok++;
      if (f === C_DIGIT || (c >= 65 && c <= 90)) tokMixed = true;
      if (tokMixed && tok > maxTok) maxTok = tok;
    } else {
      tok = 0;
      tokMixed = false;
    }
    if (f === C_DIGIT) {
      if (++run > maxRun) maxRun = run;
      seps = 0;
      continue;
    }
    if (f === C_DOT) dots++;
    else if (f === C_COLON) colons++;
    else if (f === C_DASH) dashes++;
    else if (f === C_EQ) eqs++;
    if (f & (C_SPACE | C_DOT | C_DASH | C_PAREN | C_PLUS | C_SLASH)) {
      if (++seps > 2) run = 0;
    } else {
      run = 0;
      seps = 0;
    }
  }

  const found: PiiMatch[] = out;
  FOUND = out;
  const push: Push = pushFound;
  const letters = (mask & (C_HEXL | C_ALPHA)) !== 0;

  if (mask & C_AT || (mask & C_PCT && text.includes('%40'))) detectEmail(text, kf, push);
  if (mask & C_AT && colons > 0 && text.includes('://')) detectUrlCredentials(text, push);
  if (len >= 20 && letters && (maxTok >= 16 || SHORT_RUN_SECRET_RE.test(text)) && secretGate(text)) detectSecrets(text, push);
  if (len >= 14 && letters && /bearer/i.test(text)) detectBearer(text, push);
  if (mask & (C_EQ | C_COLON) && letters && len >= 6 && KV_HINT_RE.test(text)) detectKeyValues(text, push);
  if (mask & (C_SLASH | C_BSLASH) && letters && /home|users|documents and/i.test(text)) detectUserPath(text, push);
  if (mask & C_DASH && mask & C_SPACE && letters && /-p|--[a-z]/i.test(text)) detectCliFlags(text, push);
  if (mask & C_EQ && letters) {
    if (eqs >= 2) detectOrAddress(text, push); // an O/R address or DN has two attributes or more
    if (kf & K_COOKIE || sessionGate(text)) detectSessions(text, (kf & K_COOKIE) !== 0, push);
  }

  const numericOnly = (mask & ~(C_DIGIT | C_DOT | C_DASH | C_SPACE | C_PLUS)) === 0;
  const skipDigits = numericOnly && (kf & K_MEASURE) !== 0 && digits < 20;
  if (dots >= 3 && digits >= 4) detectIPv4(text, kf, push);
  if (colons >= 2 && (mask & (C_DIGIT | C_HEXL)) !== 0 && (colons >= 7 || text.includes('::'))) detectIPv6(text, push);
  if (len >= 14 && (colons >= 5 || dashes >= 5 || (dots >= 2 && MAC_CISCO_GATE_RE.test(text)))) detectMac(text, kf, push);

  if (digits >= 7 && !skipDigits) {
    if (maxRun >= 12) detectCardsAndImei(text, kf, push, (mask & ~C_DIGIT) === 0);
    if (digits >= 12 && letters) detectIban(text, push);
    if (maxRun >= 9) detectSsn(text, kf, push);
    // phones last; drop any that overlap a more specific numeric finding
    const mark = found.length;
    if (maxRun >= 9 || (maxRun >= 8 && mask & C_PLUS) || kf & K_PHONE || PHONE_ANY_HINT_RE.test(text)) detectPhones(text, kf, push);
    if (found.length > mark) {
      for (let i = found.length - 1; i >= mark; i--) {
        const p = found[i];
        for (let j = 0; j < mark; j++) {
          const o = found[j];
          if (o.category !== 'password' && o.category !== 'person_name' && o.category !== 'secret' && o.start < p.end && p.start < o.end) {
            found.splice(i, 1);
            break;
          }
        }
      }
    }
  } else if ((kf & K_PHONE) && digits >= 7) {
    detectPhones(text, kf, push);
  }
  if (found.length > 1) found.sort(byStart);
  return found;
}
