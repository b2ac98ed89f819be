// Detector: `user:password@` in URLs (docs/pii-rules.md, "url_credentials").

import type { Push } from '../types';
import { decodeSafe, isPlaceholder } from '../values';

export const URL_CRED_RE = /\b[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/([^\s:/?#@"'<>]*):([^\s/?#@"'<>]+)@(?=[A-Za-z0-9[\]._-])/g;

export function detectUrlCredentials(text: string, push: Push): void {
  URL_CRED_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = URL_CRED_RE.exec(text)) !== null) {
    const pass = m[2];
    if (m[1].startsWith('[redacted') || m[1].startsWith('%5Bredacted')) continue; // our own marker
    if (isPlaceholder(pass) || isPlaceholder(decodeSafe(pass))) continue;
    const start = m.index + m[0].indexOf('://') + 3;
    const end = m.index + m[0].length - 1; // before '@'
    push('url_credentials', start, end);
  }
}
