// Read-only queries behind /reports/sla and /reports/weekly. Instants are epoch ms; ranges are
// half-open [from, to).
import { and, asc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Db } from '../client';
import { bundles, escalationActions, slaPauses, tickets, type Severity } from '../schema';

export interface SlaRecordRow {
  id: number;
  severity: Severity;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  pauses: { from: Date; to: Date | null }[];
}

/** Tickets created in [from, to) with their pauses: the input of lib/sla slaReport. */
export function slaRecords(db: Db, from: Date, to: Date): SlaRecordRow[] {
  const rows = db
    .select({ id: tickets.id, severity: tickets.severity, createdAt: tickets.createdAt, acknowledgedAt: tickets.acknowledgedAt, mitigatedAt: tickets.mitigatedAt })
    .from(tickets)
    .where(and(gte(tickets.createdAt, from), lt(tickets.createdAt, to)))
    .all();
  const byId = new Map<number, SlaRecordRow>();
  const out: SlaRecordRow[] = rows.map((r) => {
    const rec = { ...r, pauses: [] as SlaRecordRow['pauses'] };
    byId.set(r.id, rec);
    return rec;
  });
  const pauses = db
    .select({ ticketId: slaPauses.ticketId, from: slaPauses.from, to: slaPauses.to })
    .from(slaPauses)
    .innerJoin(tickets, eq(tickets.id, slaPauses.ticketId))
    .where(and(gte(tickets.createdAt, from), lt(tickets.createdAt, to)))
    .all();
  for (const p of pauses) byId.get(p.ticketId)?.pauses.push({ from: p.from, to: p.to });
  return out;
}

export function countBySeverity(db: Db, column: 'createdAt' | 'resolvedAt', from: Date, to: Date): Record<Severity, number> {
  const col = tickets[column];
  const rows = db
    .select({ severity: tickets.severity, n: sql<number>`count(*)` })
    .from(tickets)
    .where(and(gte(col, from), lt(col, to)))
    .groupBy(tickets.severity)
    .all();
  const out: Record<Severity, number> = { 1: 0, 2: 0, 3: 0 };
  for (const r of rows) out[r.severity] = r.n;
  return out;
}

/** Error codes counted in the metrics of the bundles received in [from, to). */
export function errorCodeCounts(db: Db, from: Date, to: Date, limit = 10): { code: string; count: number; bundles: number }[] {
  return db.all<{ code: string; count: number; bundles: number }>(sql`
    select je.key as code, sum(je.value) as count, count(distinct b.id) as bundles
    from ${bundles} b, json_each(b.report, '$.metrics.errorCodes') je
    where b.ingested_at >= ${from.getTime()} and b.ingested_at < ${to.getTime()} and b.report is not null
    group by je.key
    order by count desc, code asc
    limit ${limit}`);
}

export interface CadenceTicketRow {
  id: number;
  severity: Severity;
  createdAt: Date;
  mitigatedAt: Date | null;
  updates: number[];
}

/** Sev-1/Sev-2 tickets whose update cadence ran during [from, to), with their update times. */
export function cadenceTickets(db: Db, from: Date, to: Date): CadenceTicketRow[] {
  const rows = db
    .select({ id: tickets.id, severity: tickets.severity, createdAt: tickets.createdAt, mitigatedAt: tickets.mitigatedAt })
    .from(tickets)
    .where(
      and(
        inArray(tickets.severity, [1, 2]),
        or(isNull(tickets.mitigatedAt), gte(tickets.mitigatedAt, from)),
        lt(tickets.createdAt, to),
      ),
    )
    .all();
  const out = rows.map((r) => ({ ...r, updates: [] as number[] }));
  const byId = new Map(out.map((r) => [r.id, r]));
  const ids = out.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const updates = db
      .select({ ticketId: escalationActions.ticketId, at: escalationActions.at })
      .from(escalationActions)
      .where(and(inArray(escalationActions.ticketId, ids.slice(i, i + 500)), eq(escalationActions.kind, 'update'), lte(escalationActions.at, to)))
      .all();
    for (const u of updates) byId.get(u.ticketId)!.updates.push(u.at.getTime());
  }
  return out;
}

export function releasesTagged(db: Db, from: Date, to: Date) {
  return db
    .select({ id: tickets.id, severity: tickets.severity, summary: tickets.summary, customerName: tickets.customerName, version: tickets.releaseVersion, at: tickets.releaseTaggedAt })
    .from(tickets)
    .where(and(gte(tickets.releaseTaggedAt, from), lt(tickets.releaseTaggedAt, to)))
    .orderBy(asc(tickets.releaseVersion), asc(tickets.id))
    .all();
}

export function learningsCaptured(db: Db, from: Date, to: Date) {
  return db
    .select({ id: tickets.id, severity: tickets.severity, summary: tickets.summary, customerName: tickets.customerName, learnings: tickets.learnings, at: tickets.learningsCapturedAt })
    .from(tickets)
    .where(and(gte(tickets.learningsCapturedAt, from), lt(tickets.learningsCapturedAt, to)))
    .orderBy(asc(tickets.learningsCapturedAt), asc(tickets.id))
    .all();
}
