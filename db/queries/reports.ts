// Read-only queries behind /reports/sla and /reports/weekly. Instants are epoch ms; ranges are
// half-open [from, to).
import { and, asc, eq, gte, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import { dialectOf, type Db } from '../client';
import { selectRows } from '../raw';
import { bundles, escalationActions, slaPauses, tickets, type Severity } from '../schema';

export interface SlaRecordRow {
  id: number;
  severity: Severity;
  createdAt: Date;
  acknowledgedAt: Date | null;
  mitigatedAt: Date | null;
  pauses: { from: Date; to: Date | null }[];
}

/**
 * Tickets created in [from, to) with their pauses: the input of lib/sla slaReport. Plain SQL
 * over the covering index tickets_sla_cover_idx (a year is ~50k rows).
 */
export async function slaRecords(db: Db, from: Date | number, to: Date | number, clocks: 'all' | 'stopped' | 'running' = 'all'): Promise<SlaRecordRow[]> {
  // SQLite is told which index to use (its planner prefers another); Postgres picks it itself.
  // Running clocks have their own partial index, whose condition `which` repeats word for word.
  const indexedBy = dialectOf(db) === 'sqlite' ? sql.raw(`indexed by ${clocks === 'running' ? 'tickets_sla_running_idx' : 'tickets_sla_cover_idx'}`) : sql``;
  const lo = typeof from === 'number' ? from : from.getTime();
  const hi = typeof to === 'number' ? to : to.getTime();
  // 'stopped': both clocks stopped (acknowledged and mitigated); 'running': the others.
  const which = (t: string) =>
    clocks === 'stopped'
      ? sql.raw(` and ${t}acknowledged_at is not null and ${t}mitigated_at is not null`)
      : clocks === 'running'
        ? sql.raw(` and (${t}acknowledged_at is null or ${t}mitigated_at is null)`)
        : sql``;
  const rows = await selectRows<{ id: number; severity: Severity; c: number; a: number | null; m: number | null }>(db, sql`
    select id, severity, created_at as c, acknowledged_at as a, mitigated_at as m
    from ${tickets} ${indexedBy}
    where created_at >= ${lo} and created_at < ${hi}${which('')}`);
  const byId = new Map<number, SlaRecordRow>();
  const out: SlaRecordRow[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const rec: SlaRecordRow = { id: Number(r.id), severity: Number(r.severity) as Severity, createdAt: new Date(Number(r.c)), acknowledgedAt: r.a === null ? null : new Date(Number(r.a)), mitigatedAt: r.m === null ? null : new Date(Number(r.m)), pauses: [] };
    out[i] = rec;
    byId.set(r.id, rec);
  }
  const pauses = await selectRows<{ t: number; f: number; to: number | null }>(db, sql`
    select p.ticket_id as t, p.from_at as f, p.to_at as "to"
    from ${slaPauses} p join ${tickets} t on t.id = p.ticket_id
    where t.created_at >= ${lo} and t.created_at < ${hi}${which('t.')}`);
  for (const p of pauses) byId.get(Number(p.t))?.pauses.push({ from: new Date(Number(p.f)), to: p.to === null ? null : new Date(Number(p.to)) });
  return out;
}

export async function countBySeverity(db: Db, column: 'createdAt' | 'resolvedAt', from: Date, to: Date): Promise<Record<Severity, number>> {
  const col = tickets[column];
  const rows = await db
    .select({ severity: tickets.severity, n: sql<number>`count(*)` })
    .from(tickets)
    .where(and(gte(col, from), lt(col, to)))
    .groupBy(tickets.severity);
  const out: Record<Severity, number> = { 1: 0, 2: 0, 3: 0 };
  for (const r of rows) out[r.severity] = r.n;
  return out;
}

/** Error codes counted in the metrics of the bundles received in [from, to). */
export async function errorCodeCounts(db: Db, from: Date, to: Date, limit = 10): Promise<{ code: string; count: number; bundles: number }[]> {
  // The report's metrics.errorCodes object, one row per code: SQLite's json_each, Postgres' jsonb_each_text.
  const codes =
    dialectOf(db) === 'postgres'
      ? sql`jsonb_each_text(b.report -> 'metrics' -> 'errorCodes') je`
      : sql`json_each(b.report, '$.metrics.errorCodes') je`;
  const value = dialectOf(db) === 'postgres' ? sql`je.value::numeric` : sql`je.value`;
  return selectRows<{ code: string; count: number; bundles: number }>(db, sql`
    select je.key as code, sum(${value}) as count, count(distinct b.id) as bundles
    from ${bundles} b, ${codes}
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
export async function cadenceTickets(db: Db, from: Date, to: Date): Promise<CadenceTicketRow[]> {
  const rows = await db
    .select({ id: tickets.id, severity: tickets.severity, createdAt: tickets.createdAt, mitigatedAt: tickets.mitigatedAt })
    .from(tickets)
    .where(
      and(
        inArray(tickets.severity, [1, 2]),
        or(isNull(tickets.mitigatedAt), gte(tickets.mitigatedAt, from)),
        lt(tickets.createdAt, to),
      ),
    );
  const out = rows.map((r) => ({ ...r, updates: [] as number[] }));
  const byId = new Map(out.map((r) => [r.id, r]));
  const ids = out.map((r) => r.id);
  for (let i = 0; i < ids.length; i += 500) {
    const updates = await db
      .select({ ticketId: escalationActions.ticketId, at: escalationActions.at })
      .from(escalationActions)
      .where(and(inArray(escalationActions.ticketId, ids.slice(i, i + 500)), eq(escalationActions.kind, 'update'), lte(escalationActions.at, to)));
    for (const u of updates) byId.get(u.ticketId)!.updates.push(u.at.getTime());
  }
  return out;
}

export async function releasesTagged(db: Db, from: Date, to: Date) {
  return db
    .select({ id: tickets.id, severity: tickets.severity, summary: tickets.summary, customerName: tickets.customerName, version: tickets.releaseVersion, at: tickets.releaseTaggedAt })
    .from(tickets)
    .where(and(gte(tickets.releaseTaggedAt, from), lt(tickets.releaseTaggedAt, to)))
    .orderBy(asc(tickets.releaseVersion), asc(tickets.id));
}

export async function learningsCaptured(db: Db, from: Date, to: Date) {
  return db
    .select({ id: tickets.id, severity: tickets.severity, summary: tickets.summary, customerName: tickets.customerName, learnings: tickets.learnings, at: tickets.learningsCapturedAt })
    .from(tickets)
    .where(and(gte(tickets.learningsCapturedAt, from), lt(tickets.learningsCapturedAt, to)))
    .orderBy(asc(tickets.learningsCapturedAt), asc(tickets.id));
}
