// Templates filled from a ticket's facts, and the personal-data check that blocks an outgoing text.
import { describe, expect, it } from 'vitest';
import { loadErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import { bundleErrorCodes, nextUpdateDue, remediationsFor } from '@/lib/customer-updates/facts';
import { checkOutgoingText, describeFindings } from '@/lib/customer-updates/pii-check';
import { CONFIRMATION_LINK_PLACEHOLDER, draftUpdate, fillTemplate, SITUATIONS, type UpdateFacts } from '@/lib/customer-updates/templates';

const catalogue = loadErrorCatalogue();
const facts = (extra: Partial<UpdateFacts> = {}): UpdateFacts => ({
  ticketId: 42,
  severity: 1,
  summary: 'No outbound delivery',
  remediations: remediationsFor(['X400-2101'], catalogue),
  slaLine: 'Our target for restoring service on a Sev-1 incident is 2026-03-02 14:00 UTC.',
  nextUpdateAt: new Date('2026-03-02T11:00:00Z'),
  mitigationSteps: '1. Restarted x400-queue.',
  releaseVersion: null,
  ...extra,
});

describe('customer-update templates', () => {
  it('fill the remediation of the codes seen, the SLA clock and the next update time', () => {
    const d = draftUpdate(facts(), 'investigating');
    expect(d.subject).toBe('[Ticket #42] Investigating: No outbound delivery');
    expect(d.body).toContain('- X400-2101 (Queue store unavailable): Check free space and the storage\'s health on the queue host, release the lock, then restart `x400-queue`.');
    expect(d.body).toContain('Our target for restoring service on a Sev-1 incident is 2026-03-02 14:00 UTC.');
    expect(d.body).toContain('Our next update will reach you by 2026-03-02 11:00 UTC.');
    expect(d.body).not.toMatch(/\{\{|\n{3}/);
  });

  it('differ by severity and situation; a confirming update carries the link placeholder', () => {
    expect(draftUpdate(facts(), 'acknowledged').body).toContain('Sev-1 incident (complete delivery outage)');
    expect(draftUpdate(facts({ severity: 3, nextUpdateAt: null }), 'acknowledged').body).toContain('Sev-3 issue (non-blocking)');
    expect(draftUpdate(facts({ severity: 3, nextUpdateAt: null }), 'acknowledged').body).not.toContain('next update');
    const resolved = draftUpdate(facts({ releaseVersion: '4.12.1', confirmationLink: CONFIRMATION_LINK_PLACEHOLDER }), 'resolved');
    expect(resolved.body).toContain('The fix ships in release 4.12.1.');
    expect(resolved.body).toContain(`no account needed):\n${CONFIRMATION_LINK_PLACEHOLDER}`);
    expect(draftUpdate(facts(), 'resolved').body).toContain('by replying to this message.');
    expect(draftUpdate(facts({ remediations: [] }), 'investigating').body).toContain('not yet matched the errors to a known cause');
  });

  it('leave an unknown placeholder as written', () => {
    expect(fillTemplate('{{ticket}} {{nope}}', { ticket: '7' })).toBe('7 {{nope}}');
  });

  it('read the codes of readable bundles, most frequent first, and the cadence of the matrix', () => {
    const report = (codes: Record<string, number>) => ({ metrics: { errorCodes: codes } });
    expect(bundleErrorCodes([
      { state: 'active', report: report({ 'X400-1001': 1, 'X400-2101': 5 }) },
      { state: 'active', report: report({ 'X400-1001': 9 }) },
      { state: 'purged', report: report({ 'X400-9999': 50 }) },
      { state: 'active', report: null },
    ])).toEqual(['X400-1001', 'X400-2101']);
    const now = new Date('2026-03-02T10:00:00Z');
    expect(nextUpdateDue({ severity: 1, mitigatedAt: null }, now)?.toISOString()).toBe('2026-03-02T11:00:00.000Z');
    expect(nextUpdateDue({ severity: 2, mitigatedAt: null }, now)?.toISOString()).toBe('2026-03-02T22:00:00.000Z');
    expect(nextUpdateDue({ severity: 3, mitigatedAt: null }, now)).toBeNull();
    expect(nextUpdateDue({ severity: 1, mitigatedAt: now }, now)).toBeNull();
  });

  it('every situation of every catalogue code drafts a text the personal-data check lets through', () => {
    const all = remediationsFor(catalogue.codes.map((c) => c.code), catalogue, 1000);
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      for (const s of SITUATIONS) {
        const d = draftUpdate(facts({ remediations: [r], confirmationLink: CONFIRMATION_LINK_PLACEHOLDER }), s);
        expect(checkOutgoingText(d), `${r.code} ${s}`).toEqual([]);
      }
    }
  });
});

describe('the personal-data check of outgoing text', () => {
  it('names the category and the place of each finding, never the value', () => {
    const findings = checkOutgoingText({
      subject: 'Ticket #42 for jane.doe@acme.example',
      body: 'Hello,\n\nwe reached your admin on +44 20 7946 0958 and\nreset the password for 10.20.30.40.',
    });
    expect(findings.map((f) => [f.category, f.field, f.line, f.column])).toEqual([
      ['email', 'subject', 1, 16],
      ['phone_number', 'body', 3, 26],
      ['ip_address', 'body', 4, 24],
    ]);
    const message = describeFindings(findings);
    expect(message).toBe(
      'Personal data found: an e-mail address in the subject, line 1, column 16 (21 characters); a phone number in the body, line 3, column 26 (16 characters); an IP address in the body, line 4, column 24 (11 characters). Edit it out before sending.',
    );
    for (const raw of ['jane.doe', 'acme.example', '7946', '10.20.30.40']) expect(message).not.toContain(raw);
  });

  it('lets an ordinary update through', () => {
    expect(checkOutgoingText({ subject: '[Ticket #42] Mitigated', body: 'We restarted x400-queue at 2026-03-02 10:45 UTC and raised queue.maxRetries to 8.' })).toEqual([]);
  });
});
