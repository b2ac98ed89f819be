// Detector: e-mail addresses (docs/pii-rules.md, "email").

import type { Push } from '../types';
import { K_MSGID } from '../keys';
import { onlyDigits } from '../values';

export const EMAIL_RE =
  /(?:(?<=%[0-9A-Fa-f]{2})|(?<![A-Za-z0-9._+\-%]|%[0-9A-Fa-f]))([A-Za-z0-9](?:[A-Za-z0-9._+\-']|%2[Bb]){0,63})(?:@|%40)((?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+([A-Za-z]{2,24}))(?![A-Za-z0-9\-_@])/g;
export const FILE_EXT_TLD = new Set([
  'png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'ico', 'js', 'mjs', 'cjs', 'css', 'ts', 'tsx', 'jsx', 'json', 'html', 'htm',
  'txt', 'log', 'gz', 'tar', 'pdf', 'exe', 'dll', 'class', 'jar', 'java', 'yaml', 'yml', 'xml', 'lock', 'map', 'woff',
  'woff2', 'ttf', 'bmp', 'mp3', 'mp4', 'wav', 'csv', 'sql', 'bat', 'cpp', 'hpp', 'vue', 'scss', 'less', 'wasm', 'bin',
  'dat', 'tmp', 'bak', 'ini', 'cfg', 'conf', 'toml', 'py', 'rb', 'go', 'kt', 'swift', 'proto', 'svc', 'local2',
]);

// Message-IDs written by real MTAs are not mailboxes (local part / domain shapes):
// sendmail `<202611262158.2AQLw3Xx012345@host>` and `<20261126215803.GA12345@host>`, Postfix
// `<20261126215803.4A2B31C0042@host>`, Exim `<E1qXyZa-0001Ab-Cd@host>`, Exchange
// `<BN6PR11MB4081…@…prod.outlook.com>`, Gmail `<CA…@mail.gmail.com>`, Amazon SES `<0100018c…@email.amazonses.com>`.
const MTA_LOCAL_RE = /^(?:\d{8}T?\d{4,6}(?:\.\d+)?\.[A-Za-z0-9$_-]{4,}|[A-Za-z0-9]{6}-[A-Za-z0-9]{6}-[A-Za-z0-9]{2,4}|[A-Z0-9]{20,}|[0-9a-f-]{40,})$/;
const MTA_DOMAINS = ['mail.gmail.com', 'prod.outlook.com', 'prod.exchangelabs.com', 'amazonses.com'];
const MSGID_CONTEXT_RE = /(?:message-?id|msg-?id|in-reply-to|references|resent-message-id|original-message-id)\s*[:=]\s*(?:<[^<>\s]*>\s*,?\s*)*<?$/i;

/** Is the address at [start, end) (local part, domain) a Message-ID rather than a mailbox? */
function isMessageId(text: string, start: number, local: string, domain: string, kf: number): boolean {
  if (domain.length >= 13) {
    const d = domain.toLowerCase();
    for (const m of MTA_DOMAINS) if (d.endsWith(m) && (d.length === m.length || d.charCodeAt(d.length - m.length - 1) === 46)) return true;
  }
  if (local.length >= 16 && MTA_LOCAL_RE.test(local) && /\d/.test(local)) return true;
  if (text.charCodeAt(start - 1) !== 60 /* < */) return false;
  return (kf & K_MSGID) !== 0 || MSGID_CONTEXT_RE.test(text.slice(Math.max(0, start - 300), start));
}

export function detectEmail(text: string, kf: number, push: Push): void {
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
    if (isMessageId(text, start, local, m[2], kf)) continue;
    // Exchange IMCEA encapsulation (IMCEAX400-c=US+3Ba=…@domain): an X.400 address, not a mailbox
    if (text.includes('IMCEA') && /IMCEA[A-Z0-9]*-\S*$/.test(text.slice(Math.max(0, start - 300), start))) continue;
    // `scheme://user@host` userinfo without a password is a URL, not an e-mail address
    if (start >= 2 && text.charCodeAt(start - 1) === 47 && text.charCodeAt(start - 2) === 47) continue;
    // `scheme://user:pass@host`: the "pass@host" part is url_credentials, not an email
    if (/[a-z][a-z0-9+.-]*:\/\/[^\s/@]*$/i.test(text.slice(Math.max(0, start - 200), start))) continue;
    push('email', start, start + m[0].length);
  }
}
