// Detector: tokens after `Bearer` (docs/pii-rules.md, "bearer_token").

import type { Push } from '../types';

export const BEARER_RE = /(?<![A-Za-z0-9])bearer(?:\s+|%20|\+)([A-Za-z0-9\-._~+/]+=*)/gi;
export const BEARER_STOP = new Set(['token', 'tokens', 'authentication', 'authorization', 'realm', 'error', 'scheme', 'auth', 'header', 'redacted', 'filtered', 'required', 'missing', 'invalid', 'expired', 'none', 'null', 'undefined']);

export function detectBearer(text: string, push: Push): void {
  BEARER_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = BEARER_RE.exec(text)) !== null) {
    const tok = m[1];
    if (tok.length < 8) continue;
    const lower = tok.toLowerCase();
    if (BEARER_STOP.has(lower)) continue;
    const after = text.charCodeAt(m.index + m[0].length);
    if (after === 61) continue; // realm="..."
    if (/^[a-z_]+=*$/.test(tok) || (tok.endsWith('=') && /[A-Za-z0-9]/.test(text[m.index + m[0].length] ?? ''))) continue; // "Bearer expires_in=3600"
    if (/^(.)\1*$/.test(tok)) continue; // xxxxxxxx
    const hasDigit = /\d/.test(tok);
    const mixed = /[a-z]/.test(tok) && /[A-Z]/.test(tok);
    if (!hasDigit && !mixed && !/[._\-~+/]/.test(tok) && tok.length < 20) continue;
    const start = m.index + m[0].length - tok.length;
    push('bearer_token', start, m.index + m[0].length);
  }
}
