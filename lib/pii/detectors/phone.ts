// Detector: phone numbers, international and national (docs/pii-rules.md, "phone_number").

import type { Push } from '../types';
import { K_PHONE } from '../keys';
import { onlyDigits } from '../values';

export const CC2 = new Set([20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98]);
export const CC3_PREFIX = new Set([21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99]);
/** Is `d` (the leading digits of an international number) a plausible ITU country code? */
export function countryCodeOk(d: string): boolean {
  if (d.length === 0) return false;
  if (d[0] === '1' || d[0] === '7') return true;
  if (d.length >= 2 && CC2.has(+d.slice(0, 2))) return true;
  if (d.length >= 3 && CC3_PREFIX.has(+d.slice(0, 2))) return true;
  return false;
}
/** For a separated number, the first group is the country code: it must be one (1-3 digits). */
export function firstGroupCcOk(raw: string): boolean {
  const g = /^\+?(?:00)?(\d+)/.exec(raw);
  if (!g) return false;
  const cc = g[1];
  if (cc.length > 3) return countryCodeOk(cc);
  if (cc.length === 1) return cc === '1' || cc === '7';
  if (cc.length === 2) return CC2.has(+cc);
  return CC3_PREFIX.has(+cc.slice(0, 2));
}
export const PHONE_INTL_RE = /(?<![A-Za-z0-9_+.\-=/])(?<!\d )\+[1-9](?:[ .\-]?\(?\d{1,5}\)?){2,8}(?![A-Za-z0-9_]|[.\-]\d)/g;
export const PHONE_INTL_COMPACT_RE = /(?<![A-Za-z0-9_+.\-=/])\+[1-9]\d{9,14}(?![A-Za-z0-9_.\-])/g;
export const PHONE_NANP_RE = /(?<![A-Za-z0-9_+.\-/:])(?<!\d )(?:1([ .\-]))?(?:\((\d{3})\)[ ]?|(\d{3})([ .\-]))(\d{3})([ .\-])(\d{4})(?![A-Za-z0-9_]|[.\-:]\d| \d)/g;
export const PHONE_TRUNK_RE = /(?<![A-Za-z0-9_+.\-/:])(?<!\d )(?:\(0\d{1,4}\)[ ]?\d{3,8}(?:[ \-]\d{2,8}){0,3}|0[1-9]\d{0,4}([ .\-])\d{2,8}(?:\1\d{2,8}){0,4}|0[1-9]\d{0,4}[\-/]\d{2,8}(?: \d{2,8}){1,4}|00[1-9]\d{0,2}([ .\-])\d{1,8}(?:\2\d{1,8}){1,5}|\(\d{2,3}\)[ ]?\d{4,5}-\d{4})(?![A-Za-z0-9_]|[.\-:/]\d| \d)/g;
// Context words, also in the languages of the national formats we match (Telefon, téléphone,
// teléfono, móvil, cellulare, portable, fixo, mobiel/bel, 電話, 携帯…).
export const PHONE_HINT_RE = /(?:phone|tel|mobile|cell|msisdn|fax|sms|call(?:ed)?|whatsapp|dial(?:ed|ing)?|contact|t[eé]l[eé]fon[oe]?|t[eé]l[eé]phone|t[eé]l|m[oó]vil|mobil|mobiel|handy|cellulare|celular|portable|fixo|bel|ph|電話|携帯|☎)(?![A-Za-z])[^0-9A-Za-z]{0,6}(?:(?:no|nr|number|#|at|me at|on)\b[^0-9A-Za-z]{0,4})?$/i;
export const PHONE_ANY_HINT_RE = /phone|tel|t[eé]l|mobile|cell|msisdn|fax|sms|call|whatsapp|dial|contact|m[oó]vil|mobi|handy|portable|fixo|celular|\bbel\b|\bph\b|電話|携帯|☎/i;
export const PHONE_HINT_LOOSE_RE = /(?<![A-Za-z0-9_+.\-])\+?\d[\d .\-()]{5,18}\d(?![A-Za-z0-9_]|[.\-]\d)/g;

export function phoneIfDigits(text: string, push: Push, s: number, e: number, minDigits: number, maxDigits: number): void {
  const d = onlyDigits(text.slice(s, e));
  if (d.length < minDigits || d.length > maxDigits) return;
  push('phone_number', s, e);
}

export function detectPhones(text: string, kf: number, push: Push): void {
  let m: RegExpExecArray | null;
  PHONE_INTL_RE.lastIndex = 0;
  while ((m = PHONE_INTL_RE.exec(text)) !== null) {
    const raw = m[0];
    if (raw.includes('..') || raw.includes('--') || /\(\)|[.\-]\(|\)[.\-]{2}/.test(raw)) continue;
    const d = onlyDigits(raw);
    const sepCount = raw.length - d.length - 1;
    if (sepCount === 0 && d.length < 10) continue;
    if (!(sepCount === 0 ? countryCodeOk(d) : firstGroupCcOk(raw))) continue;
    phoneIfDigits(text, push, m.index, m.index + raw.length, 8, 15);
  }
  PHONE_INTL_COMPACT_RE.lastIndex = 0;
  while ((m = PHONE_INTL_COMPACT_RE.exec(text)) !== null) if (countryCodeOk(m[0].slice(1))) phoneIfDigits(text, push, m.index, m.index + m[0].length, 10, 15);
  PHONE_NANP_RE.lastIndex = 0;
  while ((m = PHONE_NANP_RE.exec(text)) !== null) {
    const area = m[2] ?? m[3];
    const sep1 = m[4];
    const sep2 = m[6];
    if (sep1 !== undefined && sep1 !== sep2) continue;
    if (m[1] !== undefined && sep1 !== undefined && m[1] !== sep1) continue;
    if ((sep2 === '.' || sep2 === ' ') && !/^[2-9]/.test(area)) continue;
    phoneIfDigits(text, push, m.index, m.index + m[0].length, 10, 11);
  }
  PHONE_TRUNK_RE.lastIndex = 0;
  while ((m = PHONE_TRUNK_RE.exec(text)) !== null) {
    const raw = m[0];
    const d = onlyDigits(raw);
    // dotted 0-prefixed groups with only pairs ("01.02.03") are dates/versions unless long enough
    if (d.length < 9 || d.length > (raw.startsWith('00') ? 15 : 13)) continue;
    if (/^\d{2}([.\-/])\d{2}\1\d{4}$/.test(raw)) continue; // dd.mm.yyyy
    if (raw.startsWith('00') && !firstGroupCcOk(raw)) continue;
    phoneIfDigits(text, push, m.index, m.index + raw.length, 9, 15);
  }
  // contextual: "tel: 4155550132", "phone=+14155550132", key `user.phone`
  const keyHint = (kf & K_PHONE) !== 0;
  if (keyHint || PHONE_ANY_HINT_RE.test(text)) {
    PHONE_HINT_LOOSE_RE.lastIndex = 0;
    while ((m = PHONE_HINT_LOOSE_RE.exec(text)) !== null) {
      const raw = m[0];
      if (!keyHint && !PHONE_HINT_RE.test(text.slice(Math.max(0, m.index - 28), m.index))) continue;
      if (/^\d{4}-\d{2}-\d{2}/.test(raw) || /\d{1,2}:\d{2}/.test(raw)) continue;
      if (raw.includes('..') || raw.includes('--')) continue;
      phoneIfDigits(text, push, m.index, m.index + raw.length, 7, 15);
    }
  }
}
