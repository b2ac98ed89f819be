// Post-incident review: the draft from evidence, the close guard (review or a lead's waiver),
// action items, and the escaped Markdown export.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { listOpenActionItems } from '@/db/queries/reviews';
import { updateTicket } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { recordEscalationAction } from '@/lib/escalation/service';
import { draftReview, failureVsReport, type ReviewEvidence } from '@/lib/reviews/draft';
import { addReviewActionItem, markActionItemDone, reviewForTicket, reviewMarkdown, saveReview, waiveReview } from '@/lib/reviews/service';
import { changeStatus, createTicket } from '@/lib/tickets/service';
import { seedUser, testDb } from '../helpers';

const T0 = new Date('2026-03-02T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

const evidence = (extra: Partial<ReviewEvidence> = {}): ReviewEvidence => ({
  ticketId: 7,
  severity: 1,
  summary: 'No outbound <b>delivery</b>',
  customerName: 'Acme',
  createdAt: T0,
  acknowledgedAt: at(12),
  mitigatedAt: at(150),
  reportedAt: ['2026-03-02T09:50:00.000Z'],
  firstFailures: [{ bundleId: 'b-1', service: 'gateway', name: 'gateway.outbound', spanId: 'abc123', startMs: Date.parse('2026-03-02T09:31:00Z'), errorCode: 'X400-2101' }],
  sla: [{ clock: 'Time to acknowledge', state: 'stopped', lines: ['Target: 30 min elapsed'] }],
  escalation: [{ label: 'Paged on-call', at: at(5), by: 'lead@x.test', note: null }],
  mitigationSteps: '1. Restarted `x400-queue`.',
  tasks: [{ title: 'Retry outbound', link: 'ENG-1', bundleIds: ['b-1'] }],
  releaseVersion: '4.12.1',
  errorCodes: ['X400-2101'],
  ...extra,
});

describe('the review draft', () => {
  it('sets the reported time against the first failing span and lists the evidence', () => {
    const md = draftReview(evidence());
    expect(md).toContain('- Reported 2026-03-02 09:50:00 UTC: the first failing span began 19 min before it');
    expect(md).toContain('- Bundle `b-1`: gateway gateway.outbound, span abc123 at 2026-03-02 09:31:00 UTC (X400-2101)');
    expect(md).toContain('- 2026-03-02 10:05:00 UTC: Paged on-call by lead@x.test');
    expect(md).toContain('### Time to acknowledge: stopped');
    expect(md).toContain('1. Restarted `x400-queue`.');
    expect(md).toContain('- Retry outbound (ENG-1), citing `b-1`');
    expect(md).toContain('- Release: 4.12.1');
    // Ticket text cannot inject Markdown syntax.
    expect(md).toContain('**No outbound <b>delivery</b>**');
    expect(draftReview(evidence({ summary: 'a *b* [c](javascript:x)' }))).toContain('a \\*b\\* \\[c\\]\\(javascript:x\\)');
    expect(failureVsReport(Date.parse('2026-03-02T10:00:00Z'), Date.parse('2026-03-02T09:00:00Z'))).toBe('the first failing span began 1 h 00 min after it (the report came first)');
    expect(draftReview(evidence({ firstFailures: [], reportedAt: [] }))).toContain('No parsed bundle shows a failing span.');
  });
});

describe('closing a Sev-1/2 incident', () => {
  let db: AppDb;
  let engineer: User;
  let lead: User;
  beforeEach(async () => {
    db = await testDb();
    engineer = await seedUser(db, 'engineer');
    lead = await seedUser(db, 'lead');
  });

  async function resolvedTicket(severity: 1 | 2 | 3) {
    const t = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary: 'Outage', components: ['queue'], reportedAt: [] }, T0);
    await updateTicket(db, t.id, { status: 'resolved', learnings: 'Alert sooner.', mitigatedAt: at(60), acknowledgedAt: at(5) });
    return t.id;
  }

  it('needs a completed review, or a waiver by a lead; a Sev-3 does not', async () => {
    const id = await resolvedTicket(1);
    await recordEscalationAction(db, lead, { ticketId: id, kind: 'page_oncall' }, at(3)).catch(() => undefined);
    await expect(changeStatus(db, engineer, id, 'closed', at(200))).rejects.toThrow('needs its post-incident review completed (or waived by a lead)');
    const { review, body } = await reviewForTicket(db, engineer, id, at(100));
    expect(review).toBeNull();
    expect(body).toContain('# Post-incident review: ticket #');
    await saveReview(db, engineer, id, { body, complete: false }, at(110));
    await expect(changeStatus(db, engineer, id, 'closed', at(200))).rejects.toThrow('post-incident review');
    await saveReview(db, engineer, id, { body: `${body}\nDone.`, complete: true }, at(120));
    expect((await changeStatus(db, engineer, id, 'closed', at(200))).status).toBe('closed');

    const waived = await resolvedTicket(2);
    await expect(waiveReview(db, engineer, waived, 'Duplicate of ticket 1 review')).rejects.toThrow();
    await expect(waiveReview(db, lead, waived, 'short')).rejects.toThrow('at least 10 characters');
    await waiveReview(db, lead, waived, 'Duplicate of the review on ticket 1.', at(130));
    expect((await changeStatus(db, engineer, waived, 'closed', at(200))).status).toBe('closed');

    const minor = await resolvedTicket(3);
    expect((await changeStatus(db, engineer, minor, 'closed', at(200))).status).toBe('closed');
  });

  it('tracks action items to done, lists open ones, and exports escaped Markdown', async () => {
    const id = await resolvedTicket(2);
    const a = await addReviewActionItem(db, engineer, id, { title: 'Alert on <script>free space</script>', owner: 'SRE' }, at(1));
    await addReviewActionItem(db, engineer, id, { title: 'Runbook entry' }, at(2));
    expect((await listOpenActionItems(db)).map((i) => i.title)).toEqual(['Alert on <script>free space</script>', 'Runbook entry']);
    await markActionItemDone(db, engineer, id, a.id, at(3));
    await expect(markActionItemDone(db, engineer, id, a.id, at(4))).rejects.toThrow('no open action item');
    expect((await listOpenActionItems(db)).map((i) => i.title)).toEqual(['Runbook entry']);
    await saveReview(db, engineer, id, { body: '# Review\n\n<img src=x onerror=alert(1)> [x](javascript:alert(1))', complete: true }, at(5));
    const md = await reviewMarkdown(db, engineer, id);
    expect(md).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(md).not.toContain('](javascript:');
    expect(md).toContain('- [x] Alert on &lt;script&gt;free space&lt;/script&gt; (SRE)');
    expect(md).toContain('- [ ] Runbook entry');
  });
});
