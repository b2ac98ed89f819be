// Issue 9, "what a daily user needs next": saved views, bulk assign / status, and search across
// notes and mitigation text. Runs on SQLite (FTS5) and, via scripts/test-pg.mjs, on PostgreSQL.
import { describe, expect, it } from 'vitest';
import { listAudit } from '@/db/queries/audit';
import { listTickets, listTicketEvents, updateTicket } from '@/db/queries/tickets';
import { ftsQuery, searchTicketText, SNIPPET_CLOSE, SNIPPET_OPEN } from '@/db/queries/search';
import { SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { DEFAULT_CALENDAR, DEFAULT_TARGETS } from '@/lib/sla/policy';
import { bulkAssign, bulkChangeStatus, describeBulkResult } from '@/lib/tickets/bulk';
import { endOfToday, matchesSlaFilter, resolveAssignee } from '@/lib/tickets/list-filters';
import { canonicalViewQuery, deleteView, savedViewsOf, saveView } from '@/lib/tickets/saved-views';
import { recordCustomerConfirmation, recordCustomerNotified, saveLearnings, saveMitigationSteps } from '@/lib/tickets/resolution';
import { addNote, changeStatus, createTicket } from '@/lib/tickets/service';
import { seedUser, testDb } from '../helpers';

const input = (summary: string, severity: 1 | 2 | 3 = 2) => ({ customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary, components: ['queue' as const], reportedAt: [] });

describe('saved views', () => {
  it('are kept per user, listed in the order saved, and canonical URLs', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const other = await seedUser(db, 'lead');
    const view = await saveView(db, eng, { name: '  My Sev-1s   breaching today ', query: '?sla=due-today&page=3&severity=1&assignee=me&bogus=1' });
    expect(view.name).toBe('My Sev-1s breaching today');
    expect(view.query).toBe('severity=1&assignee=me&sla=due-today');
    await saveView(db, eng, { name: 'Unassigned', query: 'assignee=unassigned' });
    expect((await savedViewsOf(db, eng)).map((v) => v.name)).toEqual(['My Sev-1s breaching today', 'Unassigned']);
    expect(await savedViewsOf(db, other)).toEqual([]);
  });

  it('refuses a blank or duplicate name and a bad filter, naming what is wrong', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    await saveView(db, eng, { name: 'Mine', query: 'assignee=me' });
    await expect(saveView(db, eng, { name: '   ', query: '' })).rejects.toThrow('Give the view a name.');
    await expect(saveView(db, eng, { name: 'mine', query: 'severity=1' })).rejects.toThrow('You already have a view named "mine"');
    await expect(saveView(db, eng, { name: 'Bad', query: 'severity=9' })).rejects.toThrow(/"severity"/);
    expect(await savedViewsOf(db, eng)).toHaveLength(1);
  });

  it('are deleted only by their owner', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const other = await seedUser(db, 'engineer', 'other@test.example');
    const view = await saveView(db, eng, { name: 'Mine', query: 'assignee=me' });
    await expect(deleteView(db, other, view.id)).rejects.toThrow('That view does not exist, or is not yours to delete.');
    expect(await savedViewsOf(db, eng)).toHaveLength(1);
    await deleteView(db, eng, view.id);
    expect(await savedViewsOf(db, eng)).toEqual([]);
  });

  it('a manager may save views (they read tickets); canonical query drops the page', () => {
    expect(canonicalViewQuery('page=2')).toBe('');
    expect(canonicalViewQuery('q=&sort=newest&severity=1&release=')).toBe('severity=1'); // the filter form sends its defaults
    expect(() => canonicalViewQuery('sla=soon')).toThrow(/"sla"/);
  });
});

describe('the "my Sev-1s breaching today" filters', () => {
  const policy = { calendar: { ...DEFAULT_CALENDAR, timeZone: 'UTC' }, targets: DEFAULT_TARGETS };
  const now = Date.parse('2026-11-30T10:00:00Z'); // a Monday
  const at = (iso: string) => new Date(iso);

  it('"me" is whoever looks', () => {
    expect(resolveAssignee('me', 'u1')).toBe('u1');
    expect(resolveAssignee('u2', 'u1')).toBe('u2');
    expect(resolveAssignee(undefined, 'u1')).toBeUndefined();
  });

  it('end of today is the next local midnight of the calendar zone', () => {
    expect(new Date(endOfToday({ timeZone: 'UTC' }, now)).toISOString()).toBe('2026-12-01T00:00:00.000Z');
    expect(new Date(endOfToday({ timeZone: 'Europe/Berlin' }, now)).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });

  it('matches a breached clock, and one due before midnight only for "due today"', () => {
    const ackTarget = DEFAULT_TARGETS[1].ack;
    expect(ackTarget.kind).toBe('elapsed');
    const minutes = (ackTarget as { minutes: number }).minutes;
    const breached = { severity: 1 as const, createdAt: new Date(now - (minutes + 1) * 60_000), acknowledgedAt: null, mitigatedAt: null };
    const dueSoon = { severity: 1 as const, createdAt: new Date(now - 1 * 60_000), acknowledgedAt: null, mitigatedAt: null };
    const mitigated = { ...breached, acknowledgedAt: at('2026-11-30T09:00:00Z'), mitigatedAt: at('2026-11-30T09:30:00Z') };
    expect(matchesSlaFilter(breached, [], policy, 'breached', now)).toBe(true);
    expect(matchesSlaFilter(dueSoon, [], policy, 'breached', now)).toBe(false);
    expect(matchesSlaFilter(dueSoon, [], policy, 'due-today', now)).toBe(true);
    expect(matchesSlaFilter(mitigated, [], policy, 'due-today', now)).toBe(false);
  });

  it('looks only at tickets whose mitigate clock still runs, however many were mitigated', async () => {
    const db = await testDb();
    const admin = await seedUser(db, 'admin');
    const open = await createTicket(db, admin, input('still running', 1));
    const done = await createTicket(db, admin, input('mitigated', 1));
    await updateTicket(db, done.id, { acknowledgedAt: new Date(), mitigatedAt: new Date() });
    const running = await listTickets(db, { clockRunning: true, limit: 10 });
    expect(running.rows.map((t) => t.id)).toEqual([open.id]);
    expect(running.total).toBe(1);
    expect((await listTickets(db, { limit: 10 })).total).toBe(2);
  });
});

describe('bulk assign and status', () => {
  it('changes each ticket through the one-by-one path: timeline and audit for each, guards still apply', async () => {
    const db = await testDb();
    const lead = await seedUser(db, 'lead');
    const eng = await seedUser(db, 'engineer');
    const a = await createTicket(db, lead, input('A', 3));
    const b = await createTicket(db, lead, input('B', 3));
    const assigned = await bulkAssign(db, lead, [a.id, b.id, a.id], eng.id);
    expect(assigned).toEqual({ changed: [a.id, b.id], refused: [] });
    for (const t of [a, b]) expect((await listTicketEvents(db, t.id)).filter((e) => e.kind === 'assigned')).toHaveLength(1);
    expect((await listAudit(db, { action: 'ticket.assign' })).length).toBe(2);

    // b can be closed (learnings captured); a cannot: refused, with the guard's reason.
    for (const t of [a, b]) {
      await saveMitigationSteps(db, lead, t.id, 'Restarted the queue.');
      for (const to of ['acknowledged', 'mitigated'] as const) await changeStatus(db, lead, t.id, to);
      await recordCustomerNotified(db, lead, t.id, { at: new Date(), via: 'email', message: 'Fixed on our side.' });
      await recordCustomerConfirmation(db, lead, t.id, { at: new Date(), confirmation: 'Works again.' });
    }
    expect(await bulkChangeStatus(db, lead, [a.id, b.id], 'resolved')).toEqual({ changed: [a.id, b.id], refused: [] });
    await saveLearnings(db, lead, b.id, 'Alert on queue age.');
    const closing = await bulkChangeStatus(db, lead, [a.id, b.id], 'closed');
    expect(closing).toEqual({ changed: [b.id], refused: [{ ticketId: a.id, reason: 'Capture the learnings before closing.' }] });
    expect((await listTicketEvents(db, b.id)).filter((e) => e.kind === 'status').map((e) => e.data?.to)).toEqual(['acknowledged', 'mitigated', 'resolved', 'closed']);
    expect((await listTicketEvents(db, a.id)).filter((e) => e.kind === 'status').map((e) => e.data?.to)).toEqual(['acknowledged', 'mitigated', 'resolved']);
    expect(describeBulkResult({ changed: [3, 5], refused: [{ ticketId: 12, reason: 'Capture the learnings before closing.' }] })).toBe('Changed #3, #5. Refused: #12: Capture the learnings before closing.');
  });

  it('refuses a role that may not write, for the whole batch, before touching any ticket', async () => {
    const db = await testDb();
    const lead = await seedUser(db, 'lead');
    const manager = await seedUser(db, 'manager');
    const t = await createTicket(db, lead, input('A'));
    await expect(bulkAssign(db, manager, [t.id], lead.id)).rejects.toThrow('Your role may not do this (ticket:write).');
    await expect(bulkChangeStatus(db, manager, [t.id], 'acknowledged')).rejects.toThrow('Your role may not do this (ticket:write).');
    expect((await listTicketEvents(db, t.id)).map((e) => e.kind)).toEqual(['created']);
  });

  it('names a missing ticket and a refused assignee per ticket, and changes the rest', async () => {
    const db = await testDb();
    const lead = await seedUser(db, 'lead');
    const manager = await seedUser(db, 'manager');
    const t = await createTicket(db, lead, input('A'));
    expect(await bulkAssign(db, lead, [t.id, 999], null)).toEqual({ changed: [t.id], refused: [{ ticketId: 999, reason: 'Ticket #999 does not exist.' }] });
    expect((await bulkAssign(db, lead, [t.id], manager.id)).refused[0]!.reason).toBe('Managers cannot be assigned tickets.');
    await expect(bulkAssign(db, lead, [], null)).rejects.toThrow('Select at least one ticket.');
  });
});

describe('search across notes and mitigation text', () => {
  it('quotes every word, so FTS syntax typed by a user is just words', () => {
    expect(ftsQuery('tls AND "handshake')).toBe('"tls" "AND" """handshake"');
    expect(ftsQuery('   ')).toBeNull();
    expect(ftsQuery('NEAR(a b) col:x * ^')).toBe('"NEAR(a" "b)" "col:x" "*" "^"');
  });

  it('finds tickets by note and mitigation words, with the matching snippet, and the list shows them', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const byNote = await createTicket(db, eng, input('Mail stuck'));
    const byMitigation = await createTicket(db, eng, input('Queue grows'));
    const bySummary = await createTicket(db, eng, input('Handshake failures at Globex'));
    await createTicket(db, eng, input('Unrelated'));
    await addNote(db, eng, byNote.id, 'The customer reports the TLS handshake times out on gateway-3 after the certificate rotation.');
    await addNote(db, eng, byNote.id, 'Second note, nothing to see.');
    await saveMitigationSteps(db, eng, byMitigation.id, 'Rotated the certificate and restarted the `mta` workers.');

    const hits = await searchTicketText(db, 'certificate');
    expect(hits.map((h) => h.ticketId).sort()).toEqual([byNote.id, byMitigation.id].sort());
    const note = hits.find((h) => h.ticketId === byNote.id)!;
    expect(note.source).toBe('note');
    expect(note.eventId).toBeGreaterThan(0);
    expect(note.snippet).toContain(`${SNIPPET_OPEN}certificate${SNIPPET_CLOSE}`);
    expect(hits.find((h) => h.ticketId === byMitigation.id)!.source).toBe('mitigation');

    const { rows, total } = await listTickets(db, { text: 'handshake' });
    expect(total).toBe(2);
    expect(rows.map((r) => r.id).sort()).toEqual([byNote.id, bySummary.id].sort());
    expect(rows.find((r) => r.id === byNote.id)!.textMatch?.snippet).toMatch(/handshake/i);
    expect(rows.find((r) => r.id === bySummary.id)!.textMatch).toBeUndefined();
  });

  it('follows mitigation edits (the old words no longer match)', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, input('Queue grows'));
    await saveMitigationSteps(db, eng, t.id, 'Drained the spool directory.');
    expect((await searchTicketText(db, 'spool')).map((h) => h.ticketId)).toEqual([t.id]);
    await saveMitigationSteps(db, eng, t.id, 'Raised the worker count.');
    expect(await searchTicketText(db, 'spool')).toEqual([]);
    expect((await searchTicketText(db, 'worker')).map((h) => h.ticketId)).toEqual([t.id]);
  });

  it('never fails on FTS syntax typed by a user', async () => {
    const db = await testDb();
    const eng = await seedUser(db, 'engineer');
    const t = await createTicket(db, eng, input('Quotes'));
    await addNote(db, eng, t.id, 'Said "restart" and NEAR the queue');
    for (const q of ['"', 'AND', 'OR NOT', 'NEAR(', 'a* OR', '*', '^x', 'col:1', '(((', "'; drop table tickets; --", '-', '"unterminated', 'restart"']) {
      await expect(searchTicketText(db, q), q).resolves.toBeInstanceOf(Array);
      await expect(listTickets(db, { text: q }), q).resolves.toHaveProperty('total');
    }
    expect((await searchTicketText(db, 'restart"')).map((h) => h.ticketId)).toEqual([t.id]);
  });

  it('system actor notes are indexed too (the CLI writes notes)', async () => {
    const db = await testDb();
    await seedUser(db, 'engineer');
    const t = await createTicket(db, SYSTEM_ACTOR, input('From the CLI'));
    await addNote(db, SYSTEM_ACTOR, t.id, 'Imported from the upload folder');
    expect((await searchTicketText(db, 'imported')).map((h) => h.ticketId)).toEqual([t.id]);
  });
});
