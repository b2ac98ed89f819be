// Key classification: a key is split into words and its head noun (last word) decides what the
// value under it is. Cached per distinct key string.

export const K_PASSWORD = 1;
export const K_PERSON = 2;
export const K_VERSION = 4;
export const K_SSN = 8;
export const K_IMEI = 16;
export const K_PHONE = 32;
export const K_MEASURE = 64; // counts, sizes, ids, durations, timestamps: pure numbers are never PII here
export const K_OID = 128;
export const K_MAC = 256;
export const K_CARD = 512;
export const K_LOGIN = 1024; // person key holding a login (user.name, username, enduser.id): digits allowed
export const K_COOKIE = 2048; // a Cookie / Set-Cookie header
export const K_MSGID = 4096; // a Message-ID (message_id, msgid, in_reply_to, references)

export const PASSWORD_SINGLE = new Set([
  'password', 'passwd', 'pwd', 'passphrase', 'passcode', 'secret', 'token', 'apikey', 'authorization',
  'credential', 'credentials', 'privatekey', 'accesstoken', 'refreshtoken', 'idtoken', 'authtoken',
  'clientsecret', 'secretkey', 'sessiontoken', 'apitoken', 'accountkey', 'secretaccesskey', 'apisecret',
  'appsecret', 'bearertoken', 'requirepass', 'masterauth', 'masterpassword', 'sharedaccesskey', 'connectionpassword', 'dbpassword', 'userpassword',
]);
export const PASSWORD_PAIR_KEY_PREV = new Set([
  'api', 'private', 'secret', 'access', 'account', 'signing', 'encryption', 'master', 'shared', 'client', 'app',
]);
export const PASSWORD_PAIR_TOKEN_PREV_EXCLUDED = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'sync', 'pagination', 'resume', 'max', 'stop',
]);
export const PERSON_SINGLE = new Set([
  'fullname', 'firstname', 'lastname', 'surname', 'givenname', 'familyname', 'displayname', 'middlename',
  'username', 'realname', 'forename', 'maidenname', 'birthname',
]);
export const PERSON_PAIR_PREV = new Set(['full', 'first', 'last', 'given', 'family', 'display', 'middle', 'real', 'maiden', 'birth', 'nick']);
export const PERSON_OWNER = new Set([
  'user', 'customer', 'person', 'contact', 'recipient', 'sender', 'employee', 'member', 'patient', 'holder',
  'cardholder', 'subscriber', 'buyer', 'enduser', 'originator', 'addressee', 'passenger', 'guest', 'beneficiary',
  'payer', 'payee', 'signer', 'assignee', 'requester', 'reporter',
]);
// A "display name" of one of these is not a person's name.
export const NON_PERSON_OWNER = new Set([
  'app', 'application', 'agent', 'service', 'device', 'product', 'team', 'group', 'org', 'organization',
  'organisation', 'project', 'model', 'tool', 'queue', 'channel', 'bot', 'workspace', 'company', 'tenant',
  'location', 'host', 'span', 'pod', 'node', 'container', 'cluster', 'db', 'database', 'table', 'file',
  'author', 'library', 'package', 'module', 'repo', 'repository', 'job', 'task', 'event', 'metric', 'scope',
]);
export const MEASURE_LAST = new Set([
  'count', 'counts', 'total', 'size', 'bytes', 'length', 'len', 'ms', 'ns', 'us', 'nanos', 'millis', 'micros',
  'seconds', 'secs', 'sec', 'duration', 'latency', 'time', 'timestamp', 'ts', 'epoch', 'offset', 'seq',
  'sequence', 'partition', 'port', 'code', 'tokens', 'id', 'ids', 'pid', 'tid', 'gid', 'uid', 'index', 'idx',
  'status', 'depth', 'retries', 'attempt', 'attempts', 'rows', 'limit', 'elapsed', 'nano', 'start', 'end',
  'created', 'updated', 'at', 'date', 'rate', 'ratio', 'percent', 'pct', 'max', 'min', 'avg', 'sum', 'p50',
  'p95', 'p99', 'hash', 'checksum', 'crc', 'digest', 'serial', 'generation', 'revision', 'rev', 'build', 'version',
]);

// Units that make a key measuring wherever they stand (`net.bytes_sent`, `rx_bytes_total`).
export const MEASURE_ANY = new Set([
  'bytes', 'size', 'count', 'duration', 'latency', 'elapsed', 'length', 'offset', 'nanos', 'millis', 'micros',
  'ms', 'ns', 'us', 'timestamp', 'epoch', 'seq', 'sequence',
]);

export function keyTokens(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t.length > 0);
}

export function classifyKey(key: string): number {
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
    else if (x === 'cookie' || x === 'cookies') f |= K_COOKIE;
    else if (x === 'msgid' || x === 'messageid' || x === 'references') f |= K_MSGID;
  }
  if ((last === 'id' && (prev === 'message' || prev === 'msg')) || (last === 'to' && prev === 'reply')) f |= K_MSGID;
  if ((MEASURE_LAST.has(last) || t.some((x) => MEASURE_ANY.has(x))) && !(f & (K_PHONE | K_SSN | K_IMEI | K_CARD))) f |= K_MEASURE;
  return f;
}

export const keyCache = new Map<string, number>();
export function keyFlags(key: string): number {
  let f = keyCache.get(key);
  if (f === undefined) {
    f = classifyKey(key);
    if (keyCache.size >= 50_000) keyCache.clear();
    keyCache.set(key, f);
  }
  return f;
}
