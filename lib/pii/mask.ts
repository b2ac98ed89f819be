// Masked previews (never the whole value) and `[redacted:<category>]` rewriting.

import type { PiiMatch } from './types';
import { onlyDigits } from './values';
import { IPV4_EXACT } from './detectors/ip';
import { byStart, scanText } from './scan';

const DOT = '•';
const M3 = '•••';

function maskGeneric(v: string): string {
  if (v.length <= 3) return M3;
  if (v.length < 8) return v[0] + M3;
  return v[0] + M3 + v[v.length - 1];
}

function maskDigitsKeepSep(v: string): string {
  // keep separators, first and last digit; every other digit becomes •
  let first = -1;
  let last = -1;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      if (first < 0) first = i;
      last = i;
    }
  }
  let out = '';
  let run = 0;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    const isDigit = c >= 48 && c <= 57;
    if (isDigit && i !== first && i !== last) {
      run++;
      continue;
    }
    if (run) {
      out += run >= 3 ? M3 : DOT.repeat(run);
      run = 0;
    }
    out += v[i];
  }
  if (run) out += run >= 3 ? M3 : DOT.repeat(run);
  return out;
}

/** A masked preview that never holds the whole value, e.g. "j•••@e•••.com", "4•••-••••-••••-•••2", "192.•••.•••.17". */
export function maskPreview(text: string, match: PiiMatch): string {
  const v = text.slice(match.start, match.end);
  if (v.length === 0) return M3;
  let out: string;
  switch (match.category) {
    case 'email': {
      const at = v.indexOf('@') >= 0 ? v.indexOf('@') : v.toLowerCase().indexOf('%40');
      const sepLen = v[at] === '@' ? 1 : 3;
      if (at <= 0) {
        out = maskGeneric(v);
        break;
      }
      const domain = v.slice(at + sepLen);
      const dot = domain.lastIndexOf('.');
      const tld = dot >= 0 ? domain.slice(dot) : '';
      out = v[0] + M3 + '@' + (domain[0] ?? '') + M3 + tld;
      break;
    }
    case 'credit_card': {
      let first = true;
      const digitsTotal = onlyDigits(v).length;
      let seen = 0;
      out = '';
      for (const ch of v) {
        if (ch >= '0' && ch <= '9') {
          seen++;
          out += first || seen === digitsTotal ? ch : DOT;
          first = false;
        } else out += ch;
      }
      // compress the first group: "4•••-••••-••••-•••2"
      out = out.replace(/^(\d)•+/, '$1•••');
      break;
    }
    case 'ip_address': {
      if (IPV4_EXACT.test(v)) {
        const p = v.split('.');
        out = `${p[0]}.${M3}.${M3}.${p[3]}`;
      } else {
        const parts = v.split(':');
        const firstG = parts.find((x) => x.length > 0) ?? '';
        const lastG = parts[parts.length - 1];
        out = `${firstG}:${M3}:${lastG.includes('.') ? M3 + '.' + lastG.split('.').pop() : lastG}`;
      }
      break;
    }
    case 'phone_number':
    case 'iban':
    case 'us_ssn':
    case 'imei':
      out = match.category === 'iban' ? v.slice(0, 2) + M3 + v.slice(-2) : maskDigitsKeepSep(v);
      break;
    case 'mac_address':
      out = v.slice(0, 2) + M3 + v.slice(-2);
      break;
    case 'password':
    case 'url_credentials':
      out = M3 + M3;
      break;
    case 'secret':
    case 'bearer_token': {
      const pre = /^(?:eyJ|AKIA|ASIA|ghp_|gho_|ghu_|ghs_|ghr_|github_pat_|xox.-|AIza|sk_live_|sk_test_|rk_live_|sk-ant-|sk-proj-|sk-|glpat-|npm_|SG\.|-----BEGIN)/.exec(v);
      out = (pre && pre[0].length < v.length - 4 ? pre[0] : '') + M3;
      break;
    }
    case 'person_name':
      out = v
        .split(/(\s+)/)
        .map((w) => (/^\s+$/.test(w) ? w : w.length > 1 ? w[0] + M3 : M3))
        .join('');
      break;
    default:
      out = maskGeneric(v);
  }
  if (out.includes(v)) out = M3; // guarantee: never the whole value
  return out;
}

/** Replace every match by `[redacted:<category>]` (used when sharing a sanitized bundle). */
export function redactText(text: string, key: string | null): string {
  const matches = scanText(text, key);
  if (matches.length === 0) return text;
  const sorted = [...matches].sort(byStart);
  let out = '';
  let pos = 0;
  let i = 0;
  while (i < sorted.length) {
    let { start, end, category } = sorted[i];
    let bestLen = end - start;
    i++;
    // merge overlapping matches; the longest one names the merged span
    while (i < sorted.length && sorted[i].start < end) {
      const m = sorted[i];
      if (m.end - m.start > bestLen) {
        bestLen = m.end - m.start;
        category = m.category;
      }
      if (m.end > end) end = m.end;
      i++;
    }
    if (start < pos) start = pos;
    out += text.slice(pos, start) + `[redacted:${category}]`;
    pos = end;
  }
  return out + text.slice(pos);
}
