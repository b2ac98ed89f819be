// Personal-data scanner for support bundles (spec: "Personal data"; rules: docs/pii-rules.md).
//
// Framework-free and allocation-light: scanText() is called on every string of traces with up to
// 1M spans, so a single char-class pass decides which detectors can possibly apply, and key names
// are classified once and cached.

export type PiiCategory =
  | 'email'
  | 'phone_number'
  | 'ip_address'
  | 'credit_card'
  | 'iban'
  | 'us_ssn'
  | 'mac_address'
  | 'imei'
  | 'url_credentials'
  | 'bearer_token'
  | 'secret'
  | 'password'
  | 'user_path'
  | 'person_name';

export const PII_CATEGORIES: readonly PiiCategory[] = Object.freeze([
  'email',
  'phone_number',
  'ip_address',
  'credit_card',
  'iban',
  'us_ssn',
  'mac_address',
  'imei',
  'url_credentials',
  'bearer_token',
  'secret',
  'password',
  'user_path',
  'person_name',
] as const);

export interface PiiMatch {
  category: PiiCategory;
  start: number;
  end: number;
}

// ---------------------------------------------------------------------------------------------
// Key classification (cached per distinct key string)
// ---------------------------------------------------------------------------------------------

const K_PASSWORD = 1;
const K_PERSON = 2;
const K_VERSION = 4;
const K_SSN = 8;
const K_IMEI = 16;
const K_PHONE = 32;
const K_MEASURE = 64; // counts, sizes, ids, durations, timestamps: pure numbers are never PII here
const K_OID = 128;
const K_MAC = 256;
const K_CARD = 512;
const K_LOGIN = 1024; // person key holding a login (user.name, username, enduser.id): digits allowed

const PASSWORD_SINGLE = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'token', 'apikey', 'authorization',
  'credential', 'credentials', 'privatekey', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken',
  'clientsecret', 'secretkey', 'sessiontoken', 'apitoken', 'accountkey', 'secretaccesskey', 'apisecret',
  'appsecret', 'bearertoken', 'requirepass', 'masterauth', 'masterpassword', 'sharedaccesskey', 'connectionpassword', 'dbpassword', 'userpassword',
]);
const PASSWORD_PAIR_KEY_PREV = new Set([
  'api', 'private', 'secret', 'access', 'account', 'signing', 'encryption', 'master', 'shared', 'client', 'app',
]);
const PASSWORD_PAIR_TOKEN_PREV_EXCLUDED = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'sync', 'pagination', 'resume', 'max', 'stop',
]);
const PERSON_SINGLE = new Set([
  'fullname', 'firstname', 'lastname', 'surname', 'givenname', 'familyname', 'displayname', 'middlename',
  'username', 'realname', 'forename', 'maidenname', 'birthname',
]);
const PERSON_PAIR_PREV = new Set(['full', 'first', 'last', 'given', 'family', 'display', 'middle', 'real', 'maiden', 'birth', 'nick']);
const PERSON_OWNER = new Set([
  'user', 'customer', 'person', 'contact', 'recipient', 'sender', 'employee', 'member', 'patient', 'holder',
  'cardholder', 'subscriber', 'buyer', 'enduser', 'originator', 'addressee', 'passenger', 'guest', 'beneficiary',
  'payer', 'payee', 'signer', 'assignee', 'requester', 'reporter',
]);
// A "display name" of one of these is not a person's name.
const NON_PERSON_OWNER = new Set([
  'app', 'application', 'agent', 'service', 'device', 'product', 'team', 'group', 'org', 'organization',
  'organisation', 'project', 'model', 'tool', 'queue', 'channel', 'bot', 'workspace', 'company', 'tenant',
  'location', 'host', 'span', 'pod', 'node', 'container', 'cluster', 'db', 'database', 'table', 'file',
  'author', 'library', 'package', 'module', 'repo', 'repository', 'job', 'task', 'event', 'metric', 'scope',
]);
const MEASURE_LAST = new Set([
  'count', 'counts', 'total', 'size', 'bytes', 'length', 'len', 'ms', 'ns', 'us', 'nanos', 'millis', 'micros',
  'seconds', 'secs', 'sec', 'duration', 'latency', 'time', 'timestamp', 'ts', 'epoch', 'offset', 'seq',
  'sequence', 'partition', 'port', 'code', 'tokens', 'id', 'ids', 'pid', 'tid', 'gid', 'uid', 'index', 'idx',
  'status', 'depth', 'retries', 'attempt', 'attempts', 'rows', 'limit', 'elapsed', 'nano', 'start', 'end',
  'created', 'updated', 'at', 'date', 'rate', 'ratio', 'percent', 'pct', 'max', 'min', 'avg', 'sum', 'p50',
  'p95', 'p99', 'hash', 'checksum', 'crc', 'digest', 'serial', 'generation', 'revision', 'rev', 'build', 'version',
]);

function keyTokens(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

function classifyKey(key: string): number {
  const t = keyTokens(key);
  const n = t.length;
  if (n === 0) return 0;
  const last = t[n - 1];
  const prev = n > 1 ? t[n - 2] : '';
  let f = 0;
  // password / credentials: decided by the head noun (last token), so `password_length`,
  // `token_type`, `gen_ai.usage.input_tokens`, `author` never qualify.
  if (PASSWORD_SINGLE.has(last) && !(last === 'token' && PASSWORD_PAIR_TOKEN_PREV_EXCLUDED.has(prev))) f |= K_PASSWORD;
  else if (last === 'key' && PASSWORD_PAIR_KEY_PREV.has(prev)) f |= K_PASSWORD;
  else if ((last === 'pass' || last === 'pw') && n > 1 && (prev === 'db' || prev === 'user' || prev === 'login' || prev === 'mysql')) f |= K_PASSWORD;
  // person names
  const hasNonPerson = t.some((x) => NON_PERSON_OWNER.has(x));
  if (!hasNonPerson) {
    if (PERSON_SINGLE.has(last)) f |= K_PERSON;
    else if (last === 'name' && (PERSON_PAIR_PREV.has(prev) || PERSON_OWNER.has(prev) || prev === 'user')) f |= K_PERSON;
    else if (last === 'id' && prev === 'enduser') f |= K_PERSON | K_LOGIN;
    if ((f & K_PERSON) && (last === 'username' || ((prev === 'user' || prev === 'enduser') && last === 'name'))) f |= K_LOGIN;
    else if (last === 'name' && prev === 'sur') f |= K_PERSON;
  }
  for (const x of t) {
    if (x === 'version' || x === 'ver' || x === 'release' || x === 'build' || x === 'semver') f |= K_VERSION;
    else if (x === 'ssn' || x === 'ssns' || x === 'sin' || x === 'social') f |= K_SSN;
    else if (x === 'imei' || x === 'imeisv') f |= K_IMEI;
    else if (x === 'phone' || x === 'mobile' || x === 'tel' || x === 'telephone' || x === 'msisdn' || x === 'fax' || x === 'phonenumber' || x === 'cellphone')
      f |= K_PHONE;
    else if (x === 'oid' || x === 'oids') f |= K_OID;
    else if (x === 'mac' || x === 'macaddr' || x === 'macaddress' || x === 'hwaddr' || x === 'bssid') f |= K_MAC;
    else if (x === 'card' || x === 'pan' || x === 'cc' || x === 'ccnum' || x === 'cardnumber') f |= K_CARD;
  }
  if (MEASURE_LAST.has(last) && !(f & (K_PHONE | K_SSN | K_IMEI | K_CARD))) f |= K_MEASURE;
  return f;
}

const keyCache = new Map<string, number>();
function keyFlags(key: string): number {
  let f = keyCache.get(key);
  if (f === undefined) {
    f = classifyKey(key);
    if (keyCache.size >= 50_000) keyCache.clear();
    keyCache.set(key, f);
  }
  return f;
}

// ---------------------------------------------------------------------------------------------
// Value helpers
// ---------------------------------------------------------------------------------------------

const PLACEHOLDER_RE =
  /^(?:[*•xX#.\-_ ]+|\[?(?:redacted|filtered|removed|hidden|masked|scrubbed|omitted|secret|password)(?::[a-z_]+)?\]?|<[^<>]*>|\{\{[^{}]*\}\}|\$\{[^{}]*\}|\$[A-Z_][A-Z0-9_]*|%[A-Z_]+%|%s|null|nil|none|undefined|n\/a|na|true|false|empty|changeme|\?+)$/i;

function isPlaceholder(v: string): boolean {
  const s = v.trim();
  if (s.length === 0) return true;
  if (s.includes('[redacted:')) return true;
  return PLACEHOLDER_RE.test(s);
}

const OPAQUE_ID_RE = /^(?:[A-Za-z_]+[:/])?(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F-X]{12}|[0-9a-fA-F]{12,}|\d+)$/;
const NOT_A_PERSON = new Set([
  'root', 'admin', 'administrator', 'system', 'anonymous', 'anon', 'guest', 'unknown', 'nobody', 'service',
  'daemon', 'test', 'user', 'default', 'sa', 'postgres', 'mysql', 'www-data', 'unauthenticated', 'public',
]);

function looksLikePersonValue(v: string): boolean {
  const s = v.trim();
  if (s.length === 0 || s.length > 120) return false;
  if (isPlaceholder(s)) return false;
  if (!/[A-Za-z\u00C0-\u024F]/.test(s)) return false;
  if (OPAQUE_ID_RE.test(s)) return false;
  if (NOT_A_PERSON.has(s.toLowerCase())) return false;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) return false;
  return true;
}

function luhn(digits: string): boolean {
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

function onlyDigits(s: string): string {
  return s.replace(/\D/g, '');
}

// ---------------------------------------------------------------------------------------------
// Char-class pre-filter
// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------
// Detectors
// ---------------------------------------------------------------------------------------------

function byStart(a: PiiMatch, b: PiiMatch): number {
  return a.start - b.start || b.end - a.end;
}

type Push = (category: PiiCategory, start: number, end: number) => void;

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

// email ---------------------------------------------------------------------------------------
const EMAIL_RE =
  /(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9._+\-%]|%[0-9A-Fa-f]))([A-Za-z0-9](?:[A-Za-z0-9._+\-']|%2[Bb]){0,63})(?:@|%40)((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9\-_@])/g;
const FILE_EXT_TLD = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'cjs', 'css', 'ts', 'tsx', 'jsx', 'json', 'html', 'htm',
  'txt', 'log', 'gz', 'tar', 'pdf', 'exe', 'dll', 'class', 'jar', 'java', 'yaml', 'yml', 'xml', 'lock', 'map', 'woff',
  'woff2', 'ttf', 'bmp', 'mp3', 'mp4', 'wav', 'csv', 'sql', 'bat', 'cpp', 'hpp', 'vue', 'scss', 'less', 'wasm', 'bin',
  'dat', 'tmp', 'bak', 'ini', 'cfg', 'conf', 'toml', 'py', 'rb', 'go', 'kt', 'swift', 'proto', 'svc', 'local2',
]);

function detectEmail(text: string, push: Push): void {
  EMAIL_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = EMAIL_RE.exec(text)) !== null) {
    const start = m.index;
    const local = m[1];
    const tld = m[3].toLowerCase();
    if (FILE_EXT_TLD.has(tld)) continue;
    // Message-IDs such as 20261126215803.4711@mta01.example.com: generated, not an address
    if (local.length >= 12 && /^[0-9a-fA-F.$_\-]+$/.test(local) && onlyDigits(local).length >= 8) continue;
    if (local === 'git' && text.charCodeAt(start + m[0].length) === 58) continue; // git@github.com:org/repo
    // `scheme://user@host` userinfo without a password is a URL, not an e-mail address
    if (start >= 2 && text.charCodeAt(start - 1) === 47 && text.charCodeAt(start - 2) === 47) continue;
    // `scheme://user:pass@host`: the "pass@host" part is url_credentials, not an email
    if (/[a-z][a-z0-9+.-]*:\/\/[^\s/@]*$/i.test(text.slice(Math.max(0, start - 200), start))) continue;
    push('email', start, start + m[0].length);
  }
}

// url credentials -----------------------------------------------------------------------------
const URL_CRED_RE = /\b[a-zA-Z][a-zA-Z0-9+.\-]*:\/\/([^\s:/?#@"'<>]*):([^\s/?#@"'<>]+)@(?=[A-Za-z0-9[\]._-])/g;

function detectUrlCredentials(text: string, push: Push): void {
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

function decodeSafe(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

// bearer --------------------------------------------------------------------------------------
const BEARER_RE = /(?<![A-Za-z0-9])bearer(?:\s+|%20|\+)([A-Za-z0-9\-._~+/]+=*)/gi;
const BEARER_STOP = new Set(['token', 'tokens', 'authentication', 'authorization', 'realm', 'error', 'scheme', 'auth', 'header', 'redacted', 'filtered', 'required', 'missing', 'invalid', 'expired', 'none', 'null', 'undefined']);

function detectBearer(text: string, push: Push): void {
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

// secrets -------------------------------------------------------------------------------------
const SECRET_RE = new RegExp(
  [
    String.raw`(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.ey[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*`,
    String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*)`,
    String.raw`(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])`,
    String.raw`(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{20,}`,
    String.raw`(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{20,}`,
    String.raw`(?<![A-Za-z0-9_])xox[abposre]-[A-Za-z0-9\-]{10,}`,
    String.raw`(?<![A-Za-z0-9_])xapp-\d-[A-Za-z0-9\-]{10,}`,
    String.raw`(?<![A-Za-z0-9_])AIza[0-9A-Za-z_\-]{30,}`,
    String.raw`(?<![A-Za-z0-9_])(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}`,
    String.raw`(?<![A-Za-z0-9_])whsec_[A-Za-z0-9+/]{20,}`,
    String.raw`(?<![A-Za-z0-9_\-])sk-(?:proj-|ant-(?:api\d\d-|admin\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}`,
    String.raw`(?<![A-Za-z0-9_])glpat-[A-Za-z0-9_\-]{20,}`,
    String.raw`(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}`,
    String.raw`(?<![A-Za-z0-9_])SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}`,
    String.raw`hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]+`,
    String.raw`(?<![A-Za-z0-9])AccountKey=[A-Za-z0-9+/]{20,}={0,2}`,
  ].join('|'),
  'g',
);

const SECRET_GATE_RE = /eyJ|-----BEGIN|A(?:KIA|SIA|BIA|CCA|3T|Iza)|gh[pousr]_|github_pat_|xox|xapp-|[sr]k_|whsec_|sk-|glpat-|npm_|SG\.|hooks\.slack|AccountKey|asic /;

function detectSecrets(text: string, push: Push): void {
  SECRET_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_RE.exec(text)) !== null) {
    let s = m.index;
    if (text.startsWith('AccountKey=', s)) s += 11;
    push('secret', s, m.index + m[0].length);
  }
  // Basic credentials (base64 of user:pass) in free text, e.g. "Authorization: Basic dXNlcjpwYXNz"
  if (text.includes('asic ')) {
    const re = /(?<![A-Za-z0-9])Basic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi;
    let b: RegExpExecArray | null;
    while ((b = re.exec(text)) !== null) {
      let decoded = '';
      try {
        decoded = Buffer.from(b[1], 'base64').toString('utf8');
      } catch {
        continue;
      }
      if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) push('password', b.index + b[0].length - b[1].length, b.index + b[0].length);
    }
  }
}

// key=value pairs embedded in free text (log lines, query strings, connection strings, JSON) ----
const KV_HINT_RE = /pass|pwd|secret|token|key|auth|cred|name|sig/i;
const KV_RE =
  /(?<![A-Za-z0-9_])(["']?)([A-Za-z][A-Za-z0-9_.\-]{1,48}|[Uu]ser [Ii][Dd])\1[ \t]*(=|:)[ \t]*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s,;&"'<>})\]]+))/g;
const KV_VALUE_STOP = new Set([
  'required', 'missing', 'invalid', 'incorrect', 'wrong', 'expired', 'empty', 'too', 'is', 'was', 'not', 'must',
  'changed', 'reset', 'updated', 'ok', 'error', 'failed', 'mismatch', 'set', 'unset', 'provided', 'present',
  'absent', 'hidden', 'bearer', 'basic', 'the', 'a', 'an', 'for', 'of', 'and', 'or', 'policy', 'expires', 'valid',
  'verified', 'accepted', 'rejected', 'denied', 'length', 'type',
]);

function detectKeyValues(text: string, push: Push): void {
  KV_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = KV_RE.exec(text)) !== null) {
    const name = m[2];
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
const CLI_FLAG_RE = /(?:^|\s)--?(password|passwd|pwd|pass|passphrase|token|api-?key|secret|client-?secret|access-?token|auth-?token)(?:=|\s+)("[^"]*"|'[^']*'|[^\s"'-][^\s"']*)/gi;
const MYSQL_P_RE = /\b(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n]*?\s-p([^\s-]\S*)/g;

function detectCliFlags(text: string, push: Push): void {
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
  MYSQL_P_RE.lastIndex = 0;
  while ((m = MYSQL_P_RE.exec(text)) !== null) {
    if (isPlaceholder(m[1])) continue;
    const end = m.index + m[0].length;
    push('password', end - m[1].length, end);
  }
}

// user paths ----------------------------------------------------------------------------------
const USER_PATH_RE =
  /(?:(?<![A-Za-z0-9_.~\-/])(?:file:\/\/)?(?:\/var)?\/home\/|(?<![A-Za-z0-9_.~\-/])(?:file:\/\/)?\/Users\/|(?<![A-Za-z0-9])[A-Za-z]:(?:\\\\|\\|\/)+(?:Users|Documents and Settings)(?:\\\\|\\|\/)+)([^\\/\s:"'*?<>|`,;()[\]{}=]+)/gi;
const NON_PERSONAL_HOME = new Set([
  'public', 'default', 'default user', 'all users', 'shared', 'root', 'ubuntu', 'ec2-user', 'runner', 'vagrant',
  'node', 'app', 'jenkins', 'circleci', 'www-data', 'nobody', 'docker', 'azureuser', 'centos', 'debian', 'fedora',
  'admin', 'administrator', 'defaultapppool', 'gitlab-runner', 'buildkite-agent', 'travis', 'pi', 'linuxbrew',
  'username', 'user_name', 'yourname', 'your_name', 'youruser', '$user', '%username%', '${user}', '*', '...', '.', '..',
]);

function detectUserPath(text: string, push: Push): void {
  USER_PATH_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = USER_PATH_RE.exec(text)) !== null) {
    const user = m[1];
    const end = m.index + m[0].length;
    const start = end - user.length;
    const prefix = m[0].slice(0, m[0].length - user.length).toLowerCase();
    // case-insensitive only for the Windows form; macOS "/Users/" is capitalised, "/home/" lower-case
    if (prefix.endsWith('/users/') && !/^[a-z]:/.test(prefix) && !/^(?:file:\/\/)?\/Users\//.test(m[0])) continue;
    if (prefix.includes('/home/') && !m[0].includes('/home/')) continue;
    if (NON_PERSONAL_HOME.has(user.toLowerCase())) continue;
    if (/^[<{$%]/.test(user) || user.includes('[redacted')) continue;
    // the path must be a path, not a URL route such as https://example.com/home/index
    const before = text.slice(Math.max(0, m.index - 200), m.index);
    const tokStart = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t'), before.lastIndexOf('"'), before.lastIndexOf("'"), before.lastIndexOf('('), before.lastIndexOf('='));
    const token = before.slice(tokStart + 1);
    if (/[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(token) && !/^file:/i.test(token)) continue;
    if (/[A-Za-z0-9_.-]$/.test(token)) continue; // "/api/home/x" style: "/home" is not the path root
    push('user_path', start, end);
  }
}

// X.400 O/R addresses and X.500 distinguished names ---------------------------------------------
const OR_CONTEXT_RE = /(?:^|[;/,\s])(?:ADMD|PRMD|A|P)\s*=/i;
const OR_COUNTRY_RE = /(?:^|[;/,]\s*)C\s*=\s*[A-Za-z]{2}\s*(?:$|[;/,])/i;
const OR_PERSON_RE = /(?:^|[;/,])\s*(S|G|I|Q|CN|PN|surname|given-?name|initials|generation-?qualifier|common-?name)\s*=\s*([^;/,=]+?)\s*(?=$|[;/,])/gi;
const DN_CONTEXT_RE = /(?:^|,)\s*(?:OU|O|DC|C|L|ST)\s*=/i;
const DN_CN_RE = /(?:^|[,;]\s*|\bdn:\s*)(?:CN|cn)\s*=\s*([^,;+=]+?)\s*(?=$|[,;+])/g;
const CN_NAME_VALUE = /^[A-Z][a-z\u00C0-\u024F'\-]+(?: [A-Z]\.?)?(?: (?:van |de |von |der |da |le |la |di )?[A-Z][a-z\u00C0-\u024F'\-]+){1,2}$/;
const CN_TECH_WORDS = /\b(?:manager|admin|administrator|gateway|server|service|services|group|users|directory|mail|system|root|proxy|authority|test|account|accounts|computers|builtin|domain|controllers|policy|ca|ldap|mta|relay|queue|connector|bridge|router|cluster|node|backup|operators)\b/i;

function detectOrAddress(text: string, push: Push): void {
  if (OR_CONTEXT_RE.test(text) && OR_COUNTRY_RE.test(text)) {
    OR_PERSON_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = OR_PERSON_RE.exec(text)) !== null) {
      const v = m[2];
      if (!/[A-Za-z\u00C0-\u024F]/.test(v) || isPlaceholder(v)) continue;
      const end = m.index + m[0].length;
      push('person_name', end - v.length, end);
    }
    return;
  }
  if (DN_CONTEXT_RE.test(text)) {
    DN_CN_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = DN_CN_RE.exec(text)) !== null) {
      const v = m[1];
      if (!CN_NAME_VALUE.test(v) || CN_TECH_WORDS.test(v)) continue;
      const end = m.index + m[0].length;
      push('person_name', end - v.length, end);
    }
  }
}

// IP addresses --------------------------------------------------------------------------------
const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
const IPV4_RE = new RegExp(String.raw`(?<![A-Za-z0-9_.])${OCTET}(?:\.${OCTET}){3}(?![A-Za-z0-9_]|\.\d)`, 'g');
const IPV4_EXACT = new RegExp(String.raw`^${OCTET}(?:\.${OCTET}){3}$`);
const IPV6_CAND_RE = /(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|[0-9A-Fa-f]{0,4})(?![A-Za-z0-9_:]|\.\d)/g;
const VERSION_CONTEXT_RE = /(?:version|ver|release|build|rev|revision|firmware|fw|v)[\s:=#]*$/i;
const OID_CONTEXT_RE = /\b(?:oid|urn:oid|object identifier|OBJECT IDENTIFIER)\b[\s:=#"']*$/i;

function ipv4NotPersonal(a: number): boolean {
  return a === 127 || a === 0 || a >= 224; // loopback, "this network"/unspecified, multicast/reserved/broadcast/netmasks
}

function looksLikeOid(s: string): boolean {
  return /^2\.5\.\d+\.\d+$/.test(s) || /^2\.6\.\d+\.\d+$/.test(s) || s === '1.3.6.1' || /^1\.3\.14\.\d+$/.test(s);
}

function detectIPv4(text: string, kf: number, push: Push): void {
  IPV4_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV4_RE.exec(text)) !== null) {
    const s = m[0];
    const a = parseInt(s, 10);
    if (ipv4NotPersonal(a)) continue;
    if (kf & (K_VERSION | K_OID)) continue;
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (VERSION_CONTEXT_RE.test(before) || OID_CONTEXT_RE.test(before)) continue;
    if (looksLikeOid(s)) continue;
    // X.500 attribute type written as OID: "2.5.4.3=John Smith"
    if (text.charCodeAt(m.index + s.length) === 61 && a <= 2) continue;
    push('ip_address', m.index, m.index + s.length);
  }
}

function parseIPv6(s: string): number[] | null {
  let body = s;
  let v4: number[] | null = null;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    if (!IPV4_EXACT.test(tail)) return null;
    v4 = tail.split('.').map((x) => parseInt(x, 10));
    body = s.slice(0, lastColon + 1) + '0:0';
    if (body.endsWith('::0:0') && s.endsWith('::' + tail)) body = s.slice(0, lastColon + 1) + '0:0';
  }
  const dbl = body.indexOf('::');
  if (dbl !== body.lastIndexOf('::') || body.includes(':::')) return null;
  let groups: string[];
  if (dbl >= 0) {
    const left = body.slice(0, dbl);
    const right = body.slice(dbl + 2);
    const l = left === '' ? [] : left.split(':');
    const r = right === '' ? [] : right.split(':');
    if (l.length + r.length > 7) return null;
    groups = [...l, ...Array(8 - l.length - r.length).fill('0'), ...r];
  } else {
    groups = body.split(':');
    if (groups.length !== 8) return null;
  }
  const out: number[] = [];
  for (const g of groups) {
    if (g.length < 1 || g.length > 4 || !/^[0-9A-Fa-f]+$/.test(g)) return null;
    out.push(parseInt(g, 16));
  }
  if (v4) {
    out[6] = v4[0] * 256 + v4[1];
    out[7] = v4[2] * 256 + v4[3];
  }
  return out;
}

function detectIPv6(text: string, push: Push): void {
  IPV6_CAND_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IPV6_CAND_RE.exec(text)) !== null) {
    const s = m[0];
    if (!/\d/.test(s)) continue;
    const g = parseIPv6(s);
    if (!g) continue;
    if (!s.includes('::') && !s.includes('.') && s.split(':').every((x) => x.length <= 2)) continue; // EUI-64, counters
    let hexChars = 0;
    for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) !== 58) hexChars++;
    if (hexChars < 4) continue;
    const zeroTo5 = g[0] === 0 && g[1] === 0 && g[2] === 0 && g[3] === 0 && g[4] === 0;
    if (zeroTo5 && g[5] === 0 && g[6] === 0 && (g[7] === 0 || g[7] === 1)) continue; // :: and ::1
    if (zeroTo5 && g[5] === 0xffff && (g[6] >> 8 === 127 || (g[6] === 0 && g[7] === 0))) continue; // mapped loopback/unspecified
    if ((g[0] & 0xff00) === 0xff00) continue; // multicast
    push('ip_address', m.index, m.index + s.length);
  }
}

// MAC -----------------------------------------------------------------------------------------
const MAC_RE = /(?<![0-9A-Za-z_:\-.])([0-9A-Fa-f]{2})([:\-])(?:[0-9A-Fa-f]{2}\2){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z_:\-]|\.[0-9A-Fa-f])/g;
const MAC_CISCO_GATE_RE = /[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}/;
const MAC_CISCO_RE = /(?<![0-9A-Za-z_.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z_]|\.[0-9A-Fa-f])/g;

function detectMac(text: string, kf: number, push: Push): void {
  for (const re of [MAC_RE, MAC_CISCO_RE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) {
      const hex = m[0].replace(/[^0-9A-Fa-f]/g, '').toLowerCase();
      if (/^0+$/.test(hex) || /^f+$/.test(hex)) continue;
      if (re === MAC_CISCO_RE && !/[a-f]/.test(hex) && !(kf & K_MAC) && !/mac|hw|ether/i.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
      push('mac_address', m.index, m.index + m[0].length);
    }
  }
}

// digit-based: cards, IBAN, SSN, IMEI, phone ---------------------------------------------------

const CARD_RE = /(?<![A-Za-z0-9_+.\-])(?<!\d )(?:\d{4}([ .\-])\d{4}\1\d{4}\1\d{1,4}(?:\1\d{3})?|\d{4}([ .\-])\d{6}\2\d{4,5}|\d{12,19})(?![A-Za-z0-9_]|[ .\-]\d)/g;

function cardIssuerOk(d: string): boolean {
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

const IMEI_SEP_RE = /(?<![A-Za-z0-9_.\-])(?<!\d )\d{2}([ \-])\d{6}\1\d{6}\1\d(?![A-Za-z0-9_]|[ .\-]\d)/g;
const IMEI_HINT_RE = /imei/i;

function detectCardsAndImei(text: string, kf: number, push: Push, allDigits: boolean): void {
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

const IBAN_LEN: Record<string, number> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28, CH: 21, CR: 22,
  CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18, FK: 18, FO: 18, FR: 27, GB: 22,
  GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HR: 21, HU: 28, IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30,
  KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20, LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27,
  MT: 31, MU: 30, NI: 28, NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33,
  SA: 24, SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26, UA: 29,
  VA: 22, VG: 24, XK: 20, YE: 30,
};
const IBAN_START_RE = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})(?=[ ]?[A-Z0-9])/g;

function ibanMod97(s: string): boolean {
  const r = s.slice(4) + s.slice(0, 4);
  let rem = 0;
  for (let i = 0; i < r.length; i++) {
    const c = r.charCodeAt(i);
    if (c >= 48 && c <= 57) rem = (rem * 10 + (c - 48)) % 97;
    else if (c >= 65 && c <= 90) rem = (rem * 100 + (c - 55)) % 97;
    else return false;
  }
  return rem === 1;
}

function detectIban(text: string, push: Push): void {
  IBAN_START_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = IBAN_START_RE.exec(text)) !== null) {
    const want = IBAN_LEN[m[1]];
    if (want === undefined) continue;
    // walk: alnum chars, optionally single spaces (groups of four) between them
    let i = m.index;
    let compact = '';
    let end = i;
    while (i < text.length && compact.length < want) {
      const c = text.charCodeAt(i);
      if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90)) {
        compact += text[i];
        i++;
        end = i;
      } else if ((c === 32 || c === 45) && compact.length > 0 && compact.length % 4 === 0 && i + 1 < text.length && /[A-Z0-9]/.test(text[i + 1])) {
        i++;
      } else break;
    }
    if (compact.length !== want) continue;
    const next = text.charCodeAt(end);
    if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) continue;
    if (!ibanMod97(compact)) continue;
    push('iban', m.index, end);
    IBAN_START_RE.lastIndex = end;
  }
}

const SSN_RE = /(?<![A-Za-z0-9_.\-])(?<!\d )(\d{3})([\- .])(\d{2})\2(\d{4})(?![A-Za-z0-9_]|[\-.]\d| \d)/g;
const SSN_PLAIN_RE = /(?<![A-Za-z0-9_.\-])\d{9}(?![A-Za-z0-9_]|[\-.]\d)/g;
const SSN_HINT_RE = /ssn|social[\s_-]*sec|ss#|\bsin\b/i;

function ssnValid(a: string, g: string, s: string): boolean {
  if (a === '000' || a === '666' || a[0] === '9') return false;
  if (g === '00' || s === '0000') return false;
  return true;
}

function detectSsn(text: string, kf: number, push: Push): void {
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
const CC2 = new Set([20, 27, 30, 31, 32, 33, 34, 36, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 90, 91, 92, 93, 94, 95, 98]);
const CC3_PREFIX = new Set([21, 22, 23, 24, 25, 26, 29, 35, 37, 38, 42, 50, 59, 67, 68, 69, 80, 85, 87, 88, 96, 97, 99]);
/** Is `d` (the leading digits of an international number) a plausible ITU country code? */
function countryCodeOk(d: string): boolean {
  if (d.length === 0) return false;
  if (d[0] === '1' || d[0] === '7') return true;
  if (d.length >= 2 && CC2.has(+d.slice(0, 2))) return true;
  if (d.length >= 3 && CC3_PREFIX.has(+d.slice(0, 2))) return true;
  return false;
}
/** For a separated number, the first group is the country code: it must be one (1-3 digits). */
function firstGroupCcOk(raw: string): boolean {
  const g = /^\+?(?:00)?(\d+)/.exec(raw);
  if (!g) return false;
  const cc = g[1];
  if (cc.length > 3) return countryCodeOk(cc);
  if (cc.length === 1) return cc === '1' || cc === '7';
  if (cc.length === 2) return CC2.has(+cc);
  return CC3_PREFIX.has(+cc.slice(0, 2));
}
const PHONE_INTL_RE = /(?<![A-Za-z0-9_+.\-=/])(?<!\d )\+[1-9](?:[ .\-]?\(?\d{1,5}\)?){2,8}(?![A-Za-z0-9_]|[.\-]\d)/g;
const PHONE_INTL_COMPACT_RE = /(?<![A-Za-z0-9_+.\-=/])\+[1-9]\d{9,14}(?![A-Za-z0-9_.\-])/g;
const PHONE_NANP_RE = /(?<![A-Za-z0-9_+.\-/:])(?<!\d )(?:1([ .\-]))?(?:\((\d{3})\)[ ]?|(\d{3})([ .\-]))(\d{3})([ .\-])(\d{4})(?![A-Za-z0-9_]|[.\-:]\d| \d)/g;
const PHONE_TRUNK_RE = /(?<![A-Za-z0-9_+.\-/:])(?<!\d )(?:\(0\d{1,4}\)[ ]?\d{3,8}(?:[ \-]\d{2,8}){0,3}|0[1-9]\d{0,4}([ .\-])\d{2,8}(?:\1\d{2,8}){0,4}|00[1-9]\d{0,2}([ .\-])\d{1,8}(?:\2\d{1,8}){1,5}|\(\d{2,3}\)[ ]?\d{4,5}-\d{4})(?![A-Za-z0-9_]|[.\-:/]\d| \d)/g;
const PHONE_HINT_RE = /(?:phone|tel|mobile|cell|msisdn|fax|sms|call(?:ed)?|whatsapp|dial(?:ed|ing)?|contact)\b[^0-9A-Za-z]{0,6}(?:(?:no|nr|number|#|at|me at|on)\b[^0-9A-Za-z]{0,4})?$/i;
const PHONE_ANY_HINT_RE = /phone|tel|mobile|cell|msisdn|fax|sms|call|whatsapp|dial|contact/i;
const PHONE_HINT_LOOSE_RE = /(?<![A-Za-z0-9_+.\-])\+?\d[\d .\-()]{5,18}\d(?![A-Za-z0-9_]|[.\-]\d)/g;

function phoneIfDigits(text: string, push: Push, s: number, e: number, minDigits: number, maxDigits: number): void {
  const d = onlyDigits(text.slice(s, e));
  if (d.length < minDigits || d.length > maxDigits) return;
  push('phone_number', s, e);
}

function detectPhones(text: string, kf: number, push: Push): void {
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

// ---------------------------------------------------------------------------------------------
// scanText
// ---------------------------------------------------------------------------------------------

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
    if (len >= 20 && SECRET_GATE_RE.test(text)) {
      FOUND = out;
      detectSecrets(text, pushFound);
      return out;
    }
    if (len !== 14 && len !== 17) return out;
  }

  // Pass 2: separators and the longest "numeric token" (digits joined by at most two separator
  // chars among space . - ( ) + /), which gates the digit-based detectors.
  let dots = 0;
  let colons = 0;
  let dashes = 0;
  let run = 0;
  let maxRun = 0;
  let seps = 0;
  for (let i = 0; i < len; i++) {
    const c = text.charCodeAt(i);
    const f = c < 128 ? CT[c] : C_NONASCII;
    if (f === C_DIGIT) {
      if (++run > maxRun) maxRun = run;
      seps = 0;
      continue;
    }
    if (f === C_DOT) dots++;
    else if (f === C_COLON) colons++;
    else if (f === C_DASH) dashes++;
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

  if (mask & C_AT || (mask & C_PCT && text.includes('%40'))) detectEmail(text, push);
  if (mask & C_AT && colons > 0 && text.includes('://')) detectUrlCredentials(text, push);
  if (len >= 20 && letters && SECRET_GATE_RE.test(text)) detectSecrets(text, push);
  if (len >= 14 && letters && /bearer/i.test(text)) detectBearer(text, push);
  if (mask & (C_EQ | C_COLON) && letters && len >= 6 && KV_HINT_RE.test(text)) detectKeyValues(text, push);
  if (mask & (C_SLASH | C_BSLASH) && letters && /home|users|documents and/i.test(text)) detectUserPath(text, push);
  if (mask & C_DASH && mask & C_SPACE && letters && /-p|--[a-z]/i.test(text)) detectCliFlags(text, push);
  if (mask & C_EQ && letters) detectOrAddress(text, push);

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

// ---------------------------------------------------------------------------------------------
// maskPreview / redactText
// ---------------------------------------------------------------------------------------------

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
