// Detector: IPv4 and IPv6 addresses (docs/pii-rules.md, "ip_address").

import type { Push } from '../types';
import { K_OID, K_VERSION } from '../keys';

export const OCTET = String.raw`(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)`;
export const IPV4_RE = new RegExp(String.raw`(?<![A-Za-z0-9_.])${OCTET}(?:\.${OCTET}){3}(?![A-Za-z0-9_]|\.\d)`, 'g');
export const IPV4_EXACT = new RegExp(String.raw`^${OCTET}(?:\.${OCTET}){3}$`);
export const IPV6_CAND_RE = /(?<![A-Za-z0-9_:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?:\.(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}|[0-9A-Fa-f]{0,4})(?![A-Za-z0-9_:]|\.\d)/g;
export const VERSION_CONTEXT_RE = /(?:version|ver|release|build|rev|revision|firmware|fw|v)[\s:=#]*$/i;
export const OID_CONTEXT_RE = /\b(?:oid|urn:oid|object identifier|OBJECT IDENTIFIER)\b[\s:=#"']*$/i;

export function ipv4NotPersonal(a: number): boolean {
  return a === 127 || a === 0 || a >= 224; // loopback, "this network"/unspecified, multicast/reserved/broadcast/netmasks
}

export function looksLikeOid(s: string): boolean {
  return /^2\.5\.\d+\.\d+$/.test(s) || /^2\.6\.\d+\.\d+$/.test(s) || s === '1.3.6.1' || /^1\.3\.14\.\d+$/.test(s);
}

export function detectIPv4(text: string, kf: number, push: Push): void {
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

export function parseIPv6(s: string): number[] | null {
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

export function detectIPv6(text: string, push: Push): void {
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
