// Related tickets and parent incidents over the database (SQLite, and PostgreSQL in the second
// pass): signatures read from the bundles' stored metrics, suggestions across customers without
// personal data, linking rules with audit and timeline entries, and what /errors counts.
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { listAudit } from '@/db/queries/audit';
import { insertBundle } from '@/db/queries/bundles';
import { ticketSignatureTerms } from '@/db/queries/incidents';
import { listTicketEvents, updateTicket } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { errorCodesSeen, incidentFamily, linkIncident, relatedTickets, unlinkIncident } from '@/lib/incidents/service';
import { signatureOf } from '@/lib/incidents/signature';
import { createTicket } from '@/lib/tickets/service';
import { seedUser, testDb } from '../helpers';

let db: AppDb;
let engineer: User;
let lead: User;
const T0 = new Date('2026-03-02T10:00:00Z');
let seq = 0;

async function ticket(customerName: string, summary = 'Messages stuck', contact = 'ops@example.test'): Promise<number> {
  return (await createTicket(db, engineer, { customerName, customerContact: contact, severity: 2, summary, components: ['queue'], reportedAt: [] }, T0)).id;
}

interface Evidence {
  errorCodes?: Record<string, number>;
  reasons?: Record<string, number>;
  diagnostics?: Record<string, number>;
  operations?: { service: string; operation: string; errorSpans: number }[];
}

async function bundle(ticketId: number | null, e: Evidence, state: 'active' | 'purging' = 'active'): Promise<void> {
  const n = ++seq;
  await insertBundle(db, {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    sha256: n.toString(16).padStart(64, '0'),
    fileName: `trace-${n}-cli.zip`,
    size: 1,
    channel: 'cli',
    createdAt: T0,
    ingestedAt: T0,
    ticketId,
    state,
    consentGranted: true,
    metadata: {},
    parseState: 'parsed',
    report: {
      metrics: {
        errorCodes: e.errorCodes ?? {},
        ndr: { reasons: e.reasons ?? {}, diagnostics: e.diagnostics ?? {} },
        operations: (e.operations ?? []).map((o) => ({ ...o, count: 10, p50Us: 1, p95Us: 1, p99Us: 1, maxUs: 1, selfTimeUs: 1 })),
      },
    },
  });
}

beforeAll(async () => {
  db = await testDb();
  engineer = await seedUser(db, 'engineer');
  lead = await seedUser(db, 'lead');
});

describe('signatures', () => {
  it('are read from the bundles\u2019 metrics: error codes, X.411 codes and operations with error spans', async () => {
    const id = await ticket('Acme');
    await bundle(id, { errorCodes: { 'X400-2101': 4 }, reasons: { 'transfer-failure': 2 }, operations: [{ service: 'x400-queue', operation: 'queue.enqueue', errorSpans: 3 }, { service: 'x400-ui', operation: 'ui.request', errorSpans: 0 }] });
    await bundle(id, { errorCodes: { 'X400-2101': 1, 'X400-3001': 1 }, diagnostics: { 'mts-congestion': 1 } });
    await bundle(id, { errorCodes: { 'X400-9999': 1 } }, 'purging');
    expect(signatureOf(await ticketSignatureTerms(db, id))).toEqual({
      error: ['X400-2101', 'X400-3001'],
      ndrReason: ['transfer-failure'],
      ndrDiagnostic: ['mts-congestion'],
      operation: ['x400-queue queue.enqueue'],
    });
  });
});

describe('related tickets', () => {
  it('suggest open tickets of other customers sharing a code, saying why, with no personal data', async () => {
    const mine = await ticket('Initech');
    await bundle(mine, { errorCodes: { 'X400-4242': 2 }, operations: [{ service: 'x400-mta', operation: 'mta.transfer', errorSpans: 2 }] });
    const same = await ticket('Globex', 'Queue full, call jane.doe@globex.example');
    await bundle(same, { errorCodes: { 'X400-4242': 9 }, operations: [{ service: 'x400-mta', operation: 'mta.transfer', errorSpans: 1 }] });
    const partly = await ticket('Umbrella');
    await bundle(partly, { errorCodes: { 'X400-4242': 1, 'X400-5000': 1 } });
    const closed = await ticket('Hooli');
    await bundle(closed, { errorCodes: { 'X400-4242': 1 } });
    await updateTicket(db, closed, { status: 'closed', closedAt: T0 });
    const unrelated = await ticket('Soylent');
    await bundle(unrelated, { errorCodes: { 'X400-1111': 1 }, operations: [{ service: 'x400-mta', operation: 'mta.transfer', errorSpans: 1 }] });

    const related = await relatedTickets(db, mine);
    expect(related.suggestions.map((s) => s.ticket.id)).toEqual([same, partly]);
    const [first, second] = related.suggestions;
    expect(first).toMatchObject({ identical: true, why: 'error code X400-4242; failing operation x400-mta mta.transfer', link: null });
    expect(first.ticket.customerName).toBe('Globex');
    expect(JSON.stringify(related)).not.toContain('jane.doe');
    expect(JSON.stringify(related)).not.toContain('ops@example.test');
    expect(second).toMatchObject({ identical: false, why: 'error code X400-4242' });
  });

  it('a ticket without evidence gets no suggestions', async () => {
    const bare = await ticket('Nobody');
    expect(await relatedTickets(db, bare)).toEqual({ signature: { error: [], ndrReason: [], ndrDiagnostic: [], operation: [] }, suggestions: [] });
  });
});

describe('parent incidents', () => {
  it('a lead links and unlinks; both timelines and the audit log say so; the family shows both ways', async () => {
    const parent = await ticket('Acme');
    const child = await ticket('Globex');
    await linkIncident(db, lead, { parentId: parent, childId: child }, T0);
    expect(await incidentFamily(db, parent)).toMatchObject({ parent: null, children: [{ id: child, customerName: 'Globex' }] });
    expect(await incidentFamily(db, child)).toMatchObject({ parent: { id: parent }, children: [] });
    for (const id of [parent, child]) {
      const linked = (await listTicketEvents(db, id)).filter((e) => e.kind === 'incident_linked');
      expect(linked).toHaveLength(1);
      expect(linked[0].data).toMatchObject({ parentId: parent, childId: child, role: id === parent ? 'parent' : 'child' });
    }
    await unlinkIncident(db, lead, child, new Date(T0.getTime() + 60_000));
    expect(await incidentFamily(db, parent)).toEqual({ parent: null, children: [] });
    for (const id of [parent, child]) expect((await listTicketEvents(db, id)).map((e) => e.kind)).toContain('incident_unlinked');
    const audit = await listAudit(db, { action: 'incident.' });
    expect(audit.map((a) => [a.action, a.targetId, a.actorEmail, a.detail])).toEqual([
      ['incident.unlink', String(child), lead.email, { parentId: parent, childId: child }],
      ['incident.link', String(child), lead.email, { parentId: parent, childId: child }],
    ]);
    await expect(unlinkIncident(db, lead, child)).rejects.toThrow(`Ticket #${child} is not linked under a parent incident.`);
  });

  it('refuses engineers, cycles, a second parent and a child as parent, writing nothing', async () => {
    const a = await ticket('A');
    const b = await ticket('B');
    const c = await ticket('C');
    await expect(linkIncident(db, engineer, { parentId: a, childId: b })).rejects.toThrow(/may not/);
    await linkIncident(db, lead, { parentId: a, childId: b });
    await expect(linkIncident(db, lead, { parentId: b, childId: a })).rejects.toThrow('would make a cycle');
    await expect(linkIncident(db, lead, { parentId: c, childId: b })).rejects.toThrow(`already linked under #${a}`);
    await expect(linkIncident(db, lead, { parentId: b, childId: c })).rejects.toThrow(`link #${c} under #${a} instead`);
    await expect(linkIncident(db, lead, { parentId: c, childId: a })).rejects.toThrow('a parent incident cannot be linked under another ticket');
    await expect(linkIncident(db, lead, { parentId: a, childId: a })).rejects.toThrow('cannot be its own parent');
    await expect(linkIncident(db, lead, { parentId: a, childId: 999_999 })).rejects.toThrow('Ticket #999999 does not exist.');
    expect((await listTicketEvents(db, c)).map((e) => e.kind)).not.toContain('incident_linked');
    await expect(unlinkIncident(db, engineer, b)).rejects.toThrow(/may not/);
  });
});

describe('/errors', () => {
  it('counts the tickets that saw each code, with their latest fix or release', async () => {
    const t1 = await ticket('One');
    const t2 = await ticket('Two');
    await bundle(t1, { errorCodes: { 'X400-6001': 3 } });
    await bundle(t1, { errorCodes: { 'X400-6001': 1 } });
    await bundle(t2, { errorCodes: { 'X400-6001': 1, 'X400-6002': 1 } });
    await bundle(null, { errorCodes: { 'X400-6001': 1 } });
    await updateTicket(db, t1, { mitigationSteps: 'Restart the MTA.', mitigatedAt: new Date('2026-03-03T00:00:00Z') });
    await updateTicket(db, t2, { releaseVersion: '4.12.1', releaseTaggedAt: new Date('2026-03-04T00:00:00Z') });
    const seen = await errorCodesSeen(db);
    expect(seen.get('X400-6001')).toEqual({ tickets: 2, latestFix: { ticketId: t2, kind: 'release', at: new Date('2026-03-04T00:00:00Z'), releaseVersion: '4.12.1', mitigationSteps: null } });
    expect(seen.get('X400-6002')).toMatchObject({ tickets: 1 });
  });
});
