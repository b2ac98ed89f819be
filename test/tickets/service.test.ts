import { describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { listTicketEvents, listTickets } from '@/db/queries/tickets';
import { newTicketInput } from '@/lib/tickets/input';
import { acknowledgeTicket, addNote, assignTicket, changeStatus, confirmTriage, createTicket, updateTicketFields } from '@/lib/tickets/service';
import { intakeChecklist, statusGuard } from '@/lib/tickets/workflow';
import { updateTicket } from '@/db/queries/tickets';
import { auditLog } from '@/db/schema';
import { testDb, seedUser } from '../helpers';
import { AppError } from '@/lib/errors';

const input = newTicketInput.parse({
  customerName: 'Acme',
  customerContact: 'ops@acme.example',
  severity: '1',
  summary: 'Outbound stuck',
  components: ['gateway'],
  reportedAt: ['2026-11-26T21:40:00Z'],
  confirmOldReportedAt: true,
});

describe('ticket input', () => {
  it('names each missing or wrong field', () => {
    const r = newTicketInput.safeParse({ customerName: '', severity: 5, components: ['toaster'], reportedAt: ['yesterday'] });
    expect(r.success).toBe(false);
    const paths = r.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['customerName', 'customerContact', 'severity', 'summary', 'components.0', 'reportedAt.0']));
  });
  it('normalises reported times to UTC ISO', () => {
    expect(newTicketInput.parse({ ...input, reportedAt: ['2026-11-26T22:40:00+01:00'] }).reportedAt).toEqual(['2026-11-26T21:40:00.000Z']);
  });
});

describe('ticket workflow', () => {
  it('creates a ticket with its timeline event and audit entry in one go', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, input, new Date('2026-11-26T22:00:00Z'));
    expect(t).toMatchObject({ id: 1, status: 'new', severity: 1, components: ['gateway'], reportedAt: ['2026-11-26T21:40:00.000Z'] });
    expect((await listTicketEvents(db, t.id)).map((e) => e.kind)).toEqual(['created']);
    expect(await listAudit(db, { action: 'ticket.create' })).toHaveLength(1);
  });

  it('refuses writes from a manager at the domain level', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const manager = await seedUser(db, 'manager');
    await expect(createTicket(db, manager, input)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const t = await createTicket(db, eng, input);
    await expect(acknowledgeTicket(db, manager, t.id)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(addNote(db, manager, t.id, 'hi')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(assignTicket(db, eng, t.id, manager.id)).rejects.toBeInstanceOf(AppError);
  });

  it('records who acknowledged and when, once, and takes the ticket for them', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, input);
    const at = new Date('2026-11-26T22:10:00Z');
    const acked = await acknowledgeTicket(db, eng, t.id, at);
    expect(acked).toMatchObject({ status: 'acknowledged', acknowledgedAt: at, acknowledgedById: eng.id, assigneeId: eng.id });
    await expect(acknowledgeTicket(db, eng, t.id)).rejects.toThrow(/already acknowledged/);
  });

  it('walks the checklist and says what is missing next', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, { ...input, components: [] });
    await expect(confirmTriage(db, eng, t.id)).rejects.toThrow(/impacted component/);
    await updateTicketFields(db, eng, t.id, { components: ['queue'] });
    const triaged = await confirmTriage(db, eng, t.id, new Date('2026-11-26T22:05:00Z'));
    const items = intakeChecklist(triaged, { triageBy: eng.email, diagnosticsBy: null, consentBy: null }, { bundles: 0, bundlesWithConsent: 0 });
    expect(items.map((i) => i.done)).toEqual([true, false, false]);
    expect(items[0]).toMatchObject({ by: eng.email, at: new Date('2026-11-26T22:05:00Z') });
    expect(items[1]!.missing).toMatch(/trace-<timestamp>-<channel>\.zip/);
    expect(items[2]!.missing).toBe('Waiting for a bundle.');
  });

  it('guards status changes: mitigation steps, customer confirmation, learnings', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, input);
    await expect(changeStatus(db, eng, t.id, 'resolved')).rejects.toThrow(/cannot become resolved/);
    await changeStatus(db, eng, t.id, 'investigating');
    await expect(changeStatus(db, eng, t.id, 'mitigated')).rejects.toThrow(/mitigation steps/);
    await updateTicket(db, t.id, { mitigationSteps: 'Raised queue limit' });
    const mitigated = await changeStatus(db, eng, t.id, 'mitigated', new Date('2026-11-27T01:00:00Z'));
    expect(mitigated.mitigatedAt).toEqual(new Date('2026-11-27T01:00:00Z'));
    expect(statusGuard(mitigated, 'resolved')).toMatch(/confirmation/);
    await updateTicket(db, t.id, { customerConfirmedAt: new Date() });
    const resolved = await changeStatus(db, eng, t.id, 'resolved');
    expect(statusGuard(resolved, 'closed')).toMatch(/learnings/);
    expect((await listAudit(db, { action: 'ticket.status' })).map((e) => e.detail)).toEqual([
      { from: 'mitigated', to: 'resolved' },
      { from: 'investigating', to: 'mitigated' },
      { from: 'new', to: 'investigating' },
    ]);
  });
});

describe('ticket list queries', () => {
  it('filter by severity, status, assignee and text, and sort', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const a = await createTicket(db, eng, { ...input, reportedAt: [], severity: 3, summary: 'UI glitch 50%_off' }, new Date('2026-01-01T00:00:00Z'));
    const b = await createTicket(db, eng, { ...input, reportedAt: [], severity: 1, summary: 'Total outage' }, new Date('2026-01-02T00:00:00Z'));
    await assignTicket(db, eng, b.id, eng.id);
    expect((await listTickets(db, { severity: [1] })).rows.map((t) => t.id)).toEqual([b.id]);
    expect((await listTickets(db, { assigneeId: eng.id })).rows.map((t) => t.assigneeEmail)).toEqual([eng.email]);
    expect((await listTickets(db, { assigneeId: 'unassigned' })).rows.map((t) => t.id)).toEqual([a.id]);
    expect((await listTickets(db, { text: '50%_' })).rows.map((t) => t.id)).toEqual([a.id]);
    expect((await listTickets(db, { text: 'zzz%' })).total).toBe(0);
    expect((await listTickets(db, { text: `#${b.id}` })).rows.map((t) => t.id)).toContain(b.id);
    expect((await listTickets(db, { sort: 'oldest' })).rows.map((t) => t.id)).toEqual([a.id, b.id]);
    expect((await listTickets(db, { sort: 'severity' })).rows.map((t) => t.id)).toEqual([b.id, a.id]);
    expect((await listTickets(db, { status: ['closed'] })).total).toBe(0);
  });

  it('the audit log refuses updates and deletes', async () => {
    const db = await testDb();
    await seedUser(db, 'admin');
    // The trigger's message, from SQLite or from Postgres' plpgsql trigger (drizzle wraps the latter).
    const refusal = (query: PromiseLike<unknown>) =>
      Promise.resolve(query).then(
        () => 'no error',
        (error: Error) => `${error.message} ${(error.cause as Error | undefined)?.message ?? ''}`,
      );
    expect(await refusal(db.update(auditLog).set({ action: 'x' }))).toMatch(/append-only/);
    expect(await refusal(db.delete(auditLog))).toMatch(/append-only/);
  });
});
