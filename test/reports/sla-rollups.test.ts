// The stored per-day contributions of stopped tickets (sla_day_rollups) never change what the SLA
// report says: a second report reads them, and an edit of a ticket, a pause, a new ticket or a
// policy change is seen at once.
import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { slaRecords } from '@/db/queries/reports';
import { insertPause } from '@/db/queries/sla';
import { readSlaDayRollups, slaRollupVersionNow, writeSlaDayRollups } from '@/db/queries/sla-rollups';
import { isoToDay } from '@/lib/sla/tz';
import { insertTicket, updateTicket } from '@/db/queries/tickets';
import type { NewTicket, User } from '@/db/schema';
import { localRange } from '@/lib/reports/range';
import { buildSlaReport } from '@/lib/reports/sla';
import { getSlaPolicy, setTargets } from '@/lib/settings';
import { defaultTargets } from '@/lib/sla/policy';
import { slaReport } from '@/lib/sla/report';
import { testDb, seedUser } from '../helpers';

let db: AppDb;
let admin: User;
const d = (s: string) => new Date(s);
const range = { from: '2025-06-02', to: '2025-06-22' };
const now = d('2025-06-20T12:00:00Z');

async function t(values: Partial<NewTicket> & Pick<NewTicket, 'severity' | 'createdAt'>) {
  return (await insertTicket(db, { customerName: 'Acme', customerContact: 'ops@acme.example', summary: 'Fixture', components: ['gateway'], reportedAt: [], updatedAt: values.createdAt, ...values })).id;
}

/** The report worked out from every ticket at once, with nothing stored. */
async function direct() {
  const { calendar, targets } = await getSlaPolicy(db);
  const r = localRange(range.from, range.to, calendar);
  return slaReport(await slaRecords(db, r.fromAt, r.toAt), { calendar, targets, now, range });
}

beforeEach(async () => {
  db = await testDb();
  admin = await seedUser(db, 'admin');
});

describe('SLA report with stored contributions of stopped tickets', () => {
  it('gives the same report as evaluating every ticket, before and after edits', async () => {
    const a = await t({ severity: 1, createdAt: d('2025-06-09T10:00:00Z'), acknowledgedAt: d('2025-06-09T10:20:00Z'), mitigatedAt: d('2025-06-09T13:00:00Z') });
    const b = await t({ severity: 2, createdAt: d('2025-06-09T09:00:00Z'), acknowledgedAt: d('2025-06-09T15:30:00Z'), mitigatedAt: d('2025-06-10T15:30:00Z') });
    await t({ severity: 3, createdAt: d('2025-06-03T16:30:00Z'), acknowledgedAt: d('2025-06-05T10:00:00Z'), mitigatedAt: d('2025-06-12T10:00:00Z') });
    await t({ severity: 1, createdAt: d('2025-06-10T09:00:00Z'), acknowledgedAt: d('2025-06-10T09:50:00Z') });
    await t({ severity: 2, createdAt: d('2025-06-16T09:00:00Z') });

    const first = await buildSlaReport(db, range, now);
    expect(first).toEqual(await direct());
    expect(first.breaches.length).toBeGreaterThan(0);
    expect(await buildSlaReport(db, range, now)).toEqual(first);

    // A stopped ticket is edited: acknowledged late now.
    await updateTicket(db, a, { acknowledgedAt: d('2025-06-09T11:30:00Z') });
    const edited = await buildSlaReport(db, range, now);
    expect(edited).toEqual(await direct());
    expect(edited.breaches.some((x) => x.ticketId === a && x.target === 'ack')).toBe(true);

    // A pause added to a stopped ticket moves its deadline.
    await insertPause(db, { ticketId: b, from: d('2025-06-09T09:30:00Z'), to: d('2025-06-09T12:30:00Z'), reason: 'waiting for bundle', byId: null });
    expect(await buildSlaReport(db, range, now)).toEqual(await direct());

    // A new stopped ticket on a day already stored, and a severity change.
    await t({ severity: 1, createdAt: d('2025-06-09T10:05:00Z'), acknowledgedAt: d('2025-06-09T12:00:00Z'), mitigatedAt: d('2025-06-09T20:00:00Z') });
    await updateTicket(db, b, { severity: 1 });
    expect(await buildSlaReport(db, range, now)).toEqual(await direct());

    // A policy change: every stored contribution is worked out again.
    const tight = defaultTargets();
    tight[2].ack = { kind: 'elapsed', minutes: 5 };
    await setTargets(db, admin, tight);
    const tighter = await buildSlaReport(db, range, now);
    expect(tighter).toEqual(await direct());
    expect(tighter).not.toEqual(first);
  });

  it('forgets a day when a stopped ticket moves out of it, and refuses rollups worked out before a change', async () => {
    const a = await t({ severity: 2, createdAt: d('2025-06-09T10:00:00Z'), acknowledgedAt: d('2025-06-09T10:20:00Z'), mitigatedAt: d('2025-06-09T13:00:00Z') });
    await t({ severity: 3, createdAt: d('2025-06-11T10:00:00Z'), acknowledgedAt: d('2025-06-11T18:00:00Z'), mitigatedAt: d('2025-06-12T13:00:00Z') });
    await buildSlaReport(db, range, now);
    const june9 = isoToDay('2025-06-09')!;
    const june11 = isoToDay('2025-06-11')!;
    expect((await readSlaDayRollups(db, june9, june11)).size).toBe(3);

    // Moving the ticket to the 11th makes both its old and its new day stale; the report follows.
    await updateTicket(db, a, { createdAt: d('2025-06-11T09:00:00Z') });
    const left = await readSlaDayRollups(db, june9, june11);
    expect([...left.keys()]).toEqual([june9 + 1]);
    expect(await buildSlaReport(db, range, now)).toEqual(await direct());

    // Rollups worked out from tickets read before a change are not stored over it.
    const before = await slaRollupVersionNow(db);
    const rows = [...(await readSlaDayRollups(db, june9, june11)).values()];
    await insertPause(db, { ticketId: a, from: d('2025-06-11T09:05:00Z'), to: d('2025-06-11T09:10:00Z'), reason: 'waiting for bundle', byId: null });
    expect(await slaRollupVersionNow(db)).toBeGreaterThan(before);
    expect(await writeSlaDayRollups(db, rows, before)).toBe(false);
    expect((await readSlaDayRollups(db, june11, june11)).size).toBe(0);
    expect(await buildSlaReport(db, range, now)).toEqual(await direct());
    expect(await writeSlaDayRollups(db, rows, await slaRollupVersionNow(db))).toBe(true);
  });
});
