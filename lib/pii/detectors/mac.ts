// Detector: MAC addresses (docs/pii-rules.md, "mac_address").

import type { Push } from '../types';
import { K_MAC } from '../keys';

export const MAC_RE = /(?<![0-9A-Za-z_:\-.])([0-9A-Fa-f]{2})([:\-])(?:[0-9A-Fa-f]{2}\2){4}[0-9A-Fa-f]{2}(?![0-9A-Za-z_:\-]|\.[0-9A-Fa-f])/g;
export const MAC_CISCO_GATE_RE = /[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}/;
export const MAC_CISCO_RE = /(?<![0-9A-Za-z_.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Za-z_]|\.[0-9A-Fa-f])/g;

export function detectMac(text: string, kf: number, push: Push): void {
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
