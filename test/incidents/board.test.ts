// A parent incident on the board and in the SLA watch: the parent carries the escalation (its card
// holds the children; a child's automatic page goes to the parent), each child keeps its own SLA
// clocks, warnings and customer-update cadence.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { listTicketEscalationActions } from '@/db/queries/escalation';
import { listTicketEvents, updateTicket } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { buildBoard } from '@/lib/escalation/board';
import { runSlaWatch } from '@/lib/escalation/sla-watch';
import { linkIncident, unlinkIncident } from '@/lib/incidents/service';
import { assignTicket, changeStatus, createTicket } from '@/lib/tickets/service';
import { seedUser, testDb } from '../helpers';

const T0 = new Date('2026-03-02T10:00:00Z'); // a Monday
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
let db: AppDb;
let engineer: User;
let lead: User;

beforeEach(async () => {
  db = await testDb();
  engineer = await seedUser(db, 'engineer');
  lead = await seedUser(db, 'lead');
});

async function ticket(severity: 1 | 2 | 3, customerName: string): Promise<number> {
  const t = await createTicket(db, engineer, { customerName, customerContact: 'ops@example.test', severity, summary: `${customerName} cannot send`, components: ['mta'], reportedAt: [] }, T0);
  await assignTicket(db, lead, t.id, engineer.id, T0);
  return t.id;
}

describe('a parent incident on the board', () => {
  it('shows the parent with its children under it; each child keeps its clocks and its update cadence only', async () => {
    const parent = await ticket(1, 'Acme');
    const child = await ticket(1, 'Globex');
    const alone = await ticket(2, 'Initech');
    await linkIncident(db, lead, { parentId: parent, childId: child }, at(1));
    const board = await buildBoard(db, at(5));
    const sev1 = board.columns[0].cards;
    expect(sev1.map((c) => c.ticketId)).toEqual([parent]);
    const [card] = sev1;
    expect(card.children.map((c) => c.ticketId)).toEqual([child]);
    expect(card.actions.map((a) => a.kind)).toEqual(['page_oncall', 'notify_stakeholders', 'update']);
    const linked = card.children[0];
    expect(linked.parentId).toBe(parent);
    expect(linked.actions.map((a) => a.kind)).toEqual(['update']);
    expect(linked.clocks.ack.state).toBe('running');
    expect(linked.clocks.mitigate.deadline).toBe(at(240).getTime());
    expect(board.columns[1].cards.map((c) => c.ticketId)).toEqual([alone]);
    expect(board.totals).toMatchObject({ tickets: 3, linked: 1 });

    // Unlinked again: two cards of their own.
    await unlinkIncident(db, lead, child, at(6));
    expect((await buildBoard(db, at(7))).columns[0].cards.map((c) => c.ticketId).sort()).toEqual([parent, child].sort());
  });

  it('a child whose parent left the board stands on its own, saying where it is linked', async () => {
    const parent = await ticket(2, 'Acme');
    const child = await ticket(2, 'Globex');
    await linkIncident(db, lead, { parentId: parent, childId: child }, at(1));
    await changeStatus(db, engineer, parent, 'acknowledged', at(2));
    await updateTicket(db, parent, { status: 'resolved', mitigatedAt: at(3), resolvedAt: at(4), mitigationSteps: 'Restarted the MTA.' });
    const cards = (await buildBoard(db, at(5))).columns[1].cards;
    expect(cards.map((c) => [c.ticketId, c.parentId, c.children.length])).toEqual([[child, parent, 0]]);
    expect(cards[0].actions.length).toBeGreaterThan(1);
  });
});

describe('the SLA watch for a linked ticket', () => {
  it('warns the child\u2019s assignee on the child\u2019s own clocks, and pages the parent, once', async () => {
    const parent = await ticket(2, 'Acme');
    const child = await ticket(1, 'Globex');
    await linkIncident(db, lead, { parentId: parent, childId: child }, at(1));
    const report = await runSlaWatch(db, at(16));
    // The child's Sev-1 ack clock (30 min) is past 50 %; its page is due at 15 min.
    expect(report.warnings).toContain(`#${child} ack 50`);
    expect(report.pages).toHaveLength(1);
    expect((await listTicketEscalationActions(db, child)).filter((a) => a.kind === 'page_oncall')).toEqual([]);
    const pages = (await listTicketEscalationActions(db, parent)).filter((a) => a.kind === 'page_oncall');
    expect(pages).toHaveLength(1);
    expect(pages[0].note).toBe(`linked ticket #${child}: the Sev-1 page is due and nobody has acknowledged the ticket`);
    expect((await listTicketEvents(db, child)).map((e) => e.kind)).toContain('sla_warning');
    expect((await runSlaWatch(db, at(17))).pages).toEqual([]);
  });
});
