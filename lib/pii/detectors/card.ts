// Detector: payment cards (issuer + length + Luhn) and IMEIs (docs/pii-rules.md, "credit_card", "imei").

import type { Push } from '../types';
import { K_IMEI, K_MEASURE, K_PHONE, keyFlags } from '../keys';
import { luhn, onlyDigits } from '../values';
import { PHONE_HINT_RE } from './phone';

export const CARD_RE = /(?<![A-Za-z0-9_+.\-])(?<!\d )(?:\d{4}([ .\-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?|\d{4}([ .\-])\d{6}\2\d{4,5}|\d{12,19})(?![A-Za-z0-9_]|[ .\-]\d)/g;

export function cardIssuerOk(d: string): boolean {
  const n = d.length;
  const p2 = +d.slice(0, 2);
  const p3 = +d.slice(0, 3);
  const p4 = +d.slice(0, 4);
  const p6 = +d.slice(0, 6);
  if (d[0] === '4') return n === 13 || n === 16 || n === 19; // Visa
  if (p2 >= 51 && p2 <= 55) return n === 16; // Mastercard
  if (p4 >= 2221 && p4 <= 2720) return n === 16; // Mastercard 2-series
  if (p2 === 34 || p2 === 37) return n === 15; // Amex
  if (p4 === 6011 || (p3 >= 644 && p3 <= 649) || p2 === 65 || (p6 >= 622126 && p6 <= 622925)) return n >= 16 && n <= 19; // Discover
  if (p4 >= 3528 && p4 <= 3589) return n >= 16 && n <= 19; // JCB
  if ((p3 >= 300 && p3 <= 305) || p2 === 36 || p2 === 38 || p2 === 39) return n >= 14 && n <= 19; // Diners
  if (p2 === 62) return n >= 16 && n <= 19; // UnionPay
  if (p2 === 50 || (p2 >= 56 && p2 <= 58) || p2 === 63 || p2 === 67 || p2 === 69) return n >= 12 && n <= 19; // Maestro
  if (p2 === 60 || p2 === 61 || p2 === 64 || p2 === 66 || p2 === 68) return n >= 12 && n <= 19 && p2 !== 64; // Maestro ranges
  return false;
}

// A number in free text named by a measuring key (`"size":4111…`, `total=4111…`, `size > 4111…`)
// or followed by a unit (`4111… bytes`) is a measurement, never a card.
const NAMED_BEFORE_RE = /"?([A-Za-z_][A-Za-z0-9_.\-]*)"?\s*(?:[:=]|[<>]=?|==|!=)\s*"?$/;
const UNIT_AFTER_RE = /^"?\s*(?:bytes?|B|[KMGT]i?B|ms|ns|us|µs|s|secs?|seconds|records|rows|msgs|messages|items|entries|spans|points)\b/;

function measuredInText(text: string, start: number, end: number): boolean {
  const named = NAMED_BEFORE_RE.exec(text.slice(Math.max(0, start - 64), start));
  if (named && keyFlags(named[1]) & K_MEASURE) return true;
  return UNIT_AFTER_RE.test(text.slice(end, end + 16));
}

export const IMEI_SEP_RE = /(?<![A-Za-z0-9_.\-])(?<!\d )\d{2}([ \-])\d{6}\1\d{6}\1\d(?![A-Za-z0-9_]|[ .\-]\d)/g;
export const IMEI_HINT_RE = /imei/i;

export function detectCardsAndImei(text: string, kf: number, push: Push, allDigits: boolean): void {
  CARD_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  const imeiHintKey = (kf & K_IMEI) !== 0;
  while ((m = CARD_RE.exec(text)) !== null) {
    const raw = m[0];
    const d = onlyDigits(raw);
    const unseparated = d.length === raw.length;
    if (d.length === 15 && unseparated) {
      const hint = imeiHintKey || IMEI_HINT_RE.test(text.slice(Math.max(0, m.index - 32), m.index));
      if (hint) {
        if (luhn(d)) push('imei', m.index, m.index + raw.length);
        continue;
      }
    }
    if (d.length < 12) continue;
    if (unseparated && allDigits && (kf & K_MEASURE)) continue;
    if (unseparated && !allDigits && measuredInText(text, m.index, m.index + raw.length)) continue;
    // "MSISDN 4915112345678", key `user.phone`: a phone number, not a card
    if (unseparated && ((kf & K_PHONE) || PHONE_HINT_RE.test(text.slice(Math.max(0, m.index - 28), m.index)))) continue;
    if (!cardIssuerOk(d) || !luhn(d)) continue;
    if (imeiHintKey) continue;
    push('credit_card', m.index, m.index + raw.length);
  }
  IMEI_SEP_RE.lastIndex = 0;
  while ((m = IMEI_SEP_RE.exec(text)) !== null) {
    if (luhn(onlyDigits(m[0]))) push('imei', m.index, m.index + m[0].length);
  }
}
