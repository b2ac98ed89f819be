// Detector: session identifiers in cookies (docs/pii-rules.md, "session").
//
// Pattern: `name=value` pairs of a cookie string. Context: the cookie names frameworks use for
// their sessions (JSESSIONID, PHPSESSID, connect.sid, ASP.NET_SessionId, Rails `_app_session`,
// Django `sessionid`, Laravel `laravel_session`, `__Host-`/`__Secure-` names…); generic names
// (`session`, `sid`, `SESSION`) count only inside a `Cookie`/`Set-Cookie` header or under a
// cookie key. Validator: the value is 8+ characters, not a placeholder, not `deleted`.

import type { Push } from '../types';
import { isPlaceholder } from '../values';

/** Names that are a session (or login) cookie wherever they appear. */
const STRONG_NAME_RE =
  /^(?:jsessionid|phpsessid|aspsessionid[a-z]*|asp\.net_sessionid|\.aspxauth|\.aspnetcore\.(?:session|cookies|identity\.application|antiforgery\.[a-z0-9_-]+)|connect\.sid|laravel_session|ci_session|rack\.session|cftoken|auth_session_id|keycloak_session|keycloak_identity|(?:next-auth|authjs)\.session-token|_[a-z0-9][a-z0-9_-]*_session|_session_id|s?sess[a-f0-9]{32}|remember_[a-z]+_[a-f0-9]{32,}|wordpress_(?:logged_in|sec)_[a-f0-9]{32}|[a-z]+[.:]sess(?:\.sig)?|__(?:host|secure)-[a-z0-9_.-]+)$/i;
/** Names that are a session cookie inside a cookie header. */
const COOKIE_NAME_RE = /^(?:session|sessionid|session_id|session-id|sid|sessid|sess|cfid|sessiontoken|session_token|session-token|[a-z0-9][a-z0-9_.-]*[._-]session(?:[._-](?:id|token))?|[a-z0-9_]*auth(?:_token|token|-token))$/i;

/** Is `name` a cookie name that carries a session? (Credential-pair detectors leave these alone.) */
export function isSessionCookieName(name: string, inCookie: boolean): boolean {
  return STRONG_NAME_RE.test(name) || (inCookie && COOKIE_NAME_RE.test(name));
}

const SESSION_GATE_RE = /sess|sid|auth|cookie|aspnet|cf(?:token|id)|__host-|__secure-/i;

/** Can the text hold a session cookie? (A few literals: a native regex is the cheapest check.) */
export function sessionGate(text: string): boolean {
  return SESSION_GATE_RE.test(text);
}
export const COOKIE_HEADER_RE = /(?:^|[^A-Za-z0-9-])(?:set-)?cookie\s*:/i;
const PAIR_RE = /(?:^|[\s;,:"'])([A-Za-z0-9_.\-]{2,64})=([^;\s,"']*)/g;

export function detectSessions(text: string, cookieKey: boolean, push: Push): void {
  const inCookie = cookieKey || COOKIE_HEADER_RE.test(text);
  PAIR_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = PAIR_RE.exec(text)) !== null) {
    const name = m[1];
    const value = m[2];
    if (!isSessionCookieName(name, inCookie)) continue;
    if (value.length < 8 || isPlaceholder(value) || /^(?:deleted|expired|invalid|null|none|undefined)$/i.test(value)) continue;
    if (/^\d{4}-\d{2}-\d{2}/.test(value) || /^[a-z]+$/.test(value)) continue; // a date, a word
    const end = m.index + m[0].length;
    push('session', end - value.length, end);
  }
}
