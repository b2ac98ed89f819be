// The personal-data check every outgoing customer text passes before it may be sent: the same
// detectors as the bundle scan (lib/pii). A finding blocks sending; it is described by category
// and position only, never by its value.
import { scanText, type PiiCategory } from '@/lib/pii';

export const CATEGORY_NAMES: Record<PiiCategory, string> = {
  email: 'an e-mail address',
  phone_number: 'a phone number',
  ip_address: 'an IP address',
  credit_card: 'a payment card number',
  iban: 'a bank account number (IBAN)',
  us_ssn: 'a US social security number',
  mac_address: 'a MAC address',
  imei: 'a device IMEI',
  url_credentials: 'credentials inside a URL',
  bearer_token: 'a bearer token',
  secret: 'a secret or API key',
  password: 'a password',
  user_path: "a path naming a user's home folder",
  person_name: "a person's name",
  session: 'a session identifier',
};

export interface OutgoingFinding {
  category: PiiCategory;
  field: 'subject' | 'body';
  /** 1-based line and column of the finding's first character. */
  line: number;
  column: number;
  length: number;
}

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Findings in an outgoing text, in reading order (subject first). */
export function checkOutgoingText(text: { subject: string; body: string }): OutgoingFinding[] {
  const out: OutgoingFinding[] = [];
  for (const field of ['subject', 'body'] as const) {
    const value = text[field];
    for (const m of [...scanText(value, null)].sort((a, b) => a.start - b.start)) {
      out.push({ category: m.category, field, ...position(value, m.start), length: m.end - m.start });
    }
  }
  return out;
}

/** One sentence per finding: which category, where; never the value itself. */
export function describeFinding(f: OutgoingFinding): string {
  return `${CATEGORY_NAMES[f.category]} in the ${f.field}, line ${f.line}, column ${f.column} (${f.length} characters)`;
}

export function describeFindings(findings: OutgoingFinding[]): string {
  const shown = findings.slice(0, 5).map(describeFinding);
  const more = findings.length > 5 ? `, and ${findings.length - 5} more` : '';
  return `Personal data found: ${shown.join('; ')}${more}. Edit it out before sending.`;
}
