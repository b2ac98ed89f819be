// Related tickets and parent incidents: the signature terms of tickets (read from their bundles'
// stored metrics: error codes, X.411 reason and diagnostic codes, failing operations), the error
// codes every ticket saw with its fix or release (/errors), and the incident_links rows.
import { and, asc, eq, inArray, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { dialectOf, type Db } from '../client';
import { inIds, selectRows } from '../raw';
import { incidentLinks, tickets, type IncidentLink, type Severity, type TicketStatus } from '../schema';
import type { SignatureKind, SignatureTerm } from '@/lib/incidents/signature';

/** Statuses of a ticket that is still open for related-ticket suggestions. */
export const DONE_STATUSES: TicketStatus[] = ['resolved', 'closed'];

/** The metrics object (`kind` 'object') or array at `path` of a bundle's report, one row each. */
function eachOf(db: Db, path: string[], kind: 'object' | 'array'): SQL {
  if (dialectOf(db) === 'postgres') {
    const expr = sql.raw(`b.report${path.map((p) => ` -> '${p}'`).join('')}`);
    return kind === 'object'
      ? sql`jsonb_each_text(case when jsonb_typeof(${expr}) = 'object' then ${expr} else '{}'::jsonb end) je`
      : sql`jsonb_array_elements(case when jsonb_typeof(${expr}) = 'array' then ${expr} else '[]'::jsonb end) je`;
  }
  return sql`json_each(b.report, ${`$.${path.join('.')}`}) je`;
}

/** A field of a json_each / jsonb_array_elements element, as text. */
function field(db: Db, name: string): SQL {
  return dialectOf(db) === 'postgres' ? sql.raw(`(je.value ->> '${name}')`) : sql.raw(`json_extract(je.value, '$.${name}')`);
}

/** Bundles whose evidence counts: on a ticket, not purged. */
const LIVE = sql.raw(`b.ticket_id is not null and b.state not in ('purged', 'purging')`);

interface TermRow {
  ticket_id: number | string;
  kind: SignatureKind;
  value: string | null;
  op: string | null;
}

/**
 * The signature terms of the tickets `which` selects (an SQL condition on `b.ticket_id`), keyed
 * by ticket id. Distinct per ticket; a failing operation is "service operation".
 */
async function termsWhere(db: Db, which: SQL): Promise<Map<number, SignatureTerm[]>> {
  const codes = (kind: SignatureKind, path: string[]) => sql`
    select b.ticket_id as ticket_id, ${sql.raw(`'${kind}'`)} as kind, je.key as value, null as op
    from bundles b, ${eachOf(db, path, 'object')}
    where ${LIVE} and ${which} and je.key is not null`;
  const errorSpans = dialectOf(db) === 'postgres' ? sql`(${field(db, 'errorSpans')})::numeric` : field(db, 'errorSpans');
  const operations = sql`
    select b.ticket_id as ticket_id, 'operation' as kind, ${field(db, 'service')} as value, ${field(db, 'operation')} as op
    from bundles b, ${eachOf(db, ['metrics', 'operations'], 'array')}
    where ${LIVE} and ${which} and ${errorSpans} > 0`;
  const rows = await selectRows<TermRow>(db, sql`
    ${codes('error', ['metrics', 'errorCodes'])}
    union ${codes('ndrReason', ['metrics', 'ndr', 'reasons'])}
    union ${codes('ndrDiagnostic', ['metrics', 'ndr', 'diagnostics'])}
    union ${operations}`);
  const out = new Map<number, SignatureTerm[]>();
  for (const r of rows) {
    const id = Number(r.ticket_id);
    const value = r.kind === 'operation' ? [r.value, r.op].filter(Boolean).join(' ') : r.value;
    if (!value) continue;
    let list = out.get(id);
    if (!list) out.set(id, (list = []));
    list.push({ kind: r.kind, value });
  }
  return out;
}

/** The signature terms of one ticket's bundles. */
export async function ticketSignatureTerms(db: Db, ticketId: number): Promise<SignatureTerm[]> {
  return (await termsWhere(db, sql`b.ticket_id = ${ticketId}`)).get(ticketId) ?? [];
}

/** The signature terms of every open ticket (not resolved or closed) with evidence, by ticket. */
export async function openTicketSignatureTerms(db: Db): Promise<Map<number, SignatureTerm[]>> {
  return termsWhere(db, sql`b.ticket_id in (select t.id from tickets t where t.status not in ('resolved', 'closed'))`);
}

export interface RelatedTicketRow {
  id: number;
  severity: Severity;
  status: TicketStatus;
  customerName: string;
  summary: string;
  createdAt: Date;
}

export async function findTicketsBrief(db: Db, ids: number[]): Promise<RelatedTicketRow[]> {
  if (!ids.length) return [];
  return db
    .select({ id: tickets.id, severity: tickets.severity, status: tickets.status, customerName: tickets.customerName, summary: tickets.summary, createdAt: tickets.createdAt })
    .from(tickets)
    .where(inArray(tickets.id, ids));
}

/** Open tickets among `ids` (not resolved or closed). */
export async function openTicketIds(db: Db, ids: number[]): Promise<number[]> {
  if (!ids.length) return [];
  const rows = await db.select({ id: tickets.id }).from(tickets).where(and(inArray(tickets.id, ids), notInArray(tickets.status, DONE_STATUSES)));
  return rows.map((r) => r.id);
}

// ---- /errors: per code, the tickets that saw it and their latest fix or release ----

/** How many distinct tickets saw each gateway error code in their bundles. */
export async function ticketsPerErrorCode(db: Db): Promise<Map<string, number>> {
  const rows = await selectRows<{ code: string; tickets: number | string }>(db, sql`
    select je.key as code, count(distinct b.ticket_id) as tickets
    from bundles b, ${eachOf(db, ['metrics', 'errorCodes'], 'object')}
    where ${LIVE} and je.key is not null
    group by je.key`);
  return new Map(rows.map((r) => [r.code, Number(r.tickets)]));
}

export interface ErrorFixRow {
  code: string;
  ticketId: number;
  releaseVersion: string | null;
  releaseTaggedAt: Date | null;
  mitigationSteps: string | null;
  mitigatedAt: Date | null;
}

/** Each (error code, ticket) whose ticket recorded mitigation steps or a release. */
export async function errorCodeFixes(db: Db): Promise<ErrorFixRow[]> {
  const rows = await selectRows<{ code: string; ticket_id: number | string; release_version: string | null; release_tagged_at: number | string | null; mitigation_steps: string | null; mitigated_at: number | string | null }>(db, sql`
    select distinct je.key as code, t.id as ticket_id, t.release_version as release_version, t.release_tagged_at as release_tagged_at,
      t.mitigation_steps as mitigation_steps, t.mitigated_at as mitigated_at
    from bundles b, tickets t, ${eachOf(db, ['metrics', 'errorCodes'], 'object')}
    where ${LIVE} and t.id = b.ticket_id and je.key is not null
      and (t.release_version is not null or t.mitigation_steps is not null)`);
  const when = (v: number | string | null) => (v === null ? null : new Date(Number(v)));
  return rows.map((r) => ({
    code: r.code,
    ticketId: Number(r.ticket_id),
    releaseVersion: r.release_version,
    releaseTaggedAt: when(r.release_tagged_at),
    mitigationSteps: r.mitigation_steps,
    mitigatedAt: when(r.mitigated_at),
  }));
}

// ---- incident_links ----

/** Every link touching one of `ids`, as child or as parent. */
export async function linksTouching(db: Db, ids: number[]): Promise<IncidentLink[]> {
  if (!ids.length) return [];
  return db
    .select()
    .from(incidentLinks)
    .where(or(inIds(db, incidentLinks.childTicketId, ids), inIds(db, incidentLinks.parentTicketId, ids)))
    .orderBy(asc(incidentLinks.linkedAt), asc(incidentLinks.childTicketId));
}

/** Inserts the link; undefined when the child already has a parent (its primary key). */
export async function insertIncidentLink(db: Db, values: typeof incidentLinks.$inferInsert): Promise<IncidentLink | undefined> {
  const [row] = await db.insert(incidentLinks).values(values).onConflictDoNothing().returning();
  return row;
}

/** Removes a child's link; returns it only for the caller that removed it. */
export async function deleteIncidentLink(db: Db, childTicketId: number): Promise<IncidentLink | undefined> {
  const [row] = await db.delete(incidentLinks).where(eq(incidentLinks.childTicketId, childTicketId)).returning();
  return row;
}
