// Detector: personal attributes of X.400 O/R addresses and X.500 DNs (docs/pii-rules.md, "person_name").

import type { Push } from '../types';
import { isPlaceholder } from '../values';

export const OR_CONTEXT_RE = /(?:^|[;/,\s])(?:ADMD|PRMD|A|P)\s*=/i;
export const OR_COUNTRY_RE = /(?:^|[;/,:<"]\s*|\s)C\s*=\s*[A-Za-z]{2}\s*(?:$|[;/,])/i;
export const OR_PERSON_RE = /(?:^|[;/,:<"\s])\s*(S|G|I|Q|CN|PN|surname|given-?name|initials|generation-?qualifier|common-?name)\s*=\s*([^;/,=]+?)\s*(?=$|[;/,])/gi;
export const DN_CONTEXT_RE = /(?:^|,)\s*(?:OU|O|DC|C|L|ST)\s*=/i;
export const DN_CN_RE = /(?:^|[,;]\s*|\bdn:\s*)(?:CN|cn)\s*=\s*([^,;+=]+?)\s*(?=$|[,;+])/g;
export const CN_NAME_VALUE = /^[A-Z][a-z\u00C0-\u024F'\-]+(?: [A-Z]\.?)?(?: (?:van |de |von |der |da |le |la |di )?[A-Z][a-z\u00C0-\u024F'\-]+){1,2}$/;
export const CN_TECH_WORDS = /\b(?:manager|admin|administrator|gateway|server|service|services|group|users|directory|mail|system|root|proxy|authority|test|account|accounts|computers|builtin|domain|controllers|policy|ca|ldap|mta|relay|queue|connector|bridge|router|cluster|node|backup|operators)\b/i;

const OR_PERSONAL_ATTR_RE = /(?:^|[/;"<:]\s*)(?:S|G|I|Q)\s*=\s*[^\s=;/]/i;
const OR_ORG_ATTR_RE = /(?:^|[/;"<:]\s*)(?:O|OU[1-4]?|ADMD|PRMD)\s*=\s*[^\s=;/]/i;
const OR_STRICT_PERSON_RE = /(?:^|[/;"<:])\s*(S|G|I|Q|CN|PN)\s*=\s*([^;/,=]+?)\s*(?=$|[;/])/gi;

// Exchange IMCEA encapsulation of an X.400 address in an SMTP local part: `IMCEAX400-c=US+3Ba=+20+3B
// p=Contoso+3Bo=Exchange+3Bs=Smith+3Bg=John+3B@contoso.com` (`+XX` is a hex-escaped byte).
const IMCEA_RE = /IMCEAX400-([A-Za-z0-9+=_.\-]+)@/g;

export function detectOrAddress(text: string, push: Push): void {
  if (text.includes('IMCEAX400-')) {
    IMCEA_RE.lastIndex = 0;
    let e: RegExpExecArray | null;
    while ((e = IMCEA_RE.exec(text)) !== null) {
      const decoded = e[1].replace(/\+([0-9A-Fa-f]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
      const inner: [number, number][] = [];
      detectOrAddress(decoded, (_c, s, t) => inner.push([s, t]));
      // the encoded local part is reported whole: offsets inside the decoded form do not map back
      if (inner.length) push('person_name', e.index + 10, e.index + 10 + e[1].length);
    }
  }
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
  // Without C= and a management domain: still an O/R address when `/` or `;` separate X.400
  // attributes, one of them organisational (O, OU, ADMD, PRMD…). Then S, G, I and Q are personal,
  // and CN only when it reads as a person's name.
  if ((text.includes('/') || text.includes(';')) && OR_PERSONAL_ATTR_RE.test(text) && OR_ORG_ATTR_RE.test(text)) {
    OR_STRICT_PERSON_RE.lastIndex = 0;
    let m: RegExpExecArray | null;
    let found = false;
    while ((m = OR_STRICT_PERSON_RE.exec(text)) !== null) {
      const v = m[2];
      const isCn = m[1].length > 1;
      if (!/[A-Za-z\u00C0-\u024F]/.test(v) || isPlaceholder(v) || (isCn && (!CN_NAME_VALUE.test(v) || CN_TECH_WORDS.test(v)))) continue;
      const end = m.index + m[0].length;
      push('person_name', end - v.length, end);
      found = true;
    }
    if (found) return;
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
