// Issue 9 (daily use), the ticket domain's part: labelled errors, reported-time sanity checks.
import { describe, expect, it } from 'vitest';
import { describeIssues, newTicketInput, reportedTimesProblem, TICKET_FIELD_LABELS } from '@/lib/tickets/input';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';
import { AppError } from '@/lib/errors';

const base = { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 1, summary: 'Outage', components: ['gateway'] };

describe('defect 1: errors name fields by their labels', () => {
  it('says "Customer is required", not "customerName: …"', () => {
    const r = newTicketInput.safeParse({ ...base, customerName: '   ', summary: '  ', reportedAt: ['yesterday'] });
    expect(r.success).toBe(false);
    const lines = describeIssues(r.error!, TICKET_FIELD_LABELS);
    expect(lines).toEqual(expect.arrayContaining(['Customer is required', 'Summary is required', 'Reported time 1: must be a date and time, e.g. 2026-11-26T21:40:00Z']));
    expect(lines.join(' ')).not.toMatch(/customerName|reportedAt/);
  });
  it('keeps the paths for the CLI and the API', () => {
    const r = newTicketInput.safeParse({ ...base, components: ['toaster'] });
    expect(describeIssues(r.error!)[0]).toMatch(/^components\.0: /);
  });
});

describe('defect 14: reported times are sanity-checked', () => {
  const now = new Date('2026-11-30T12:00:00Z');
  it('refuses a time in the future (beyond 5 minutes of clock skew)', () => {
    expect(reportedTimesProblem(['2031-01-01T00:00:00.000Z'], now, now)).toMatch(/2031-01-01 00:00 UTC is in the future/);
    expect(reportedTimesProblem(['2026-11-30T12:04:00.000Z'], now, now)).toBeNull();
  });
  it('asks for a confirmation of a time more than 30 days before the ticket', () => {
    expect(reportedTimesProblem(['2026-10-01T00:00:00.000Z'], now, now)).toMatch(/60 days before the ticket was opened/);
    expect(reportedTimesProblem(['2026-10-01T00:00:00.000Z'], now, now, true)).toBeNull();
    expect(reportedTimesProblem(['2026-11-01T00:00:00.000Z'], now, now)).toBeNull();
  });
  it('createTicket refuses them and writes nothing', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const input = newTicketInput.parse({ ...base, reportedAt: ['2031-01-01T00:00:00Z'] });
    await expect(createTicket(db, eng, input, now)).rejects.toBeInstanceOf(AppError);
    const ok = await createTicket(db, eng, newTicketInput.parse({ ...base, reportedAt: ['2026-11-30T11:00:00Z'] }), now);
    expect(ok.id).toBe(1);
  });
});
