// Detector: US social security numbers (docs/pii-rules.md, "us_ssn").

import type { Push } from '../types';
import { K_SSN } from '../keys';

export const SSN_RE = /(?<![A-Za-z0-9_.\-])(?<!\d )(\d{3})([\- .])(\d{2})\2(\d{4})(?![A-Za-z0-9_]|[\-.]\d| \d)/g;
export const SSN_PLAIN_RE = /(?<![A-Za-z0-9_.\-])\d{9}(?![A-Za-z0-9_]|[\-.]\d)/g;
export const SSN_HINT_RE = /ssn|social[\s_-]*sec|ss#|\bsin\b/i;

export function ssnValid(a: string, g: string, s: string): boolean {
  if (a === '000' || a === '666' || a[0] === '9') return false;
  if (g === '00' || s === '0000') return false;
  return true;
}

export function detectSsn(text: string, kf: number, push: Push): void {
  SSN_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SSN_RE.exec(text)) !== null) {
    if (!ssnValid(m[1], m[3], m[4])) continue;
    if (m[2] !== '-' && !(kf & K_SSN) && !SSN_HINT_RE.test(text.slice(Math.max(0, m.index - 32), m.index))) continue;
    push('us_ssn', m.index, m.index + m[0].length);
  }
  const hintKey = (kf & K_SSN) !== 0;
  if (hintKey || SSN_HINT_RE.test(text)) {
    SSN_PLAIN_RE.lastIndex = 0;
    while ((m = SSN_PLAIN_RE.exec(text)) !== null) {
      if (!hintKey && !SSN_HINT_RE.test(text.slice(Math.max(0, m.index - 32), m.index))) continue;
      const s = m[0];
      if (!ssnValid(s.slice(0, 3), s.slice(3, 5), s.slice(5))) continue;
      push('us_ssn', m.index, m.index + 9);
    }
  }
}

// phone numbers
