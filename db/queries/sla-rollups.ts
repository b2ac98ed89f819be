// The stored SLA report contributions of stopped tickets (table sla_day_rollups; lib/reports/sla.ts)
// and the fingerprints that say whether one is still valid. A fingerprint is read from the tickets
// themselves each time (aggregates over the covering index, no rows come back), so any edit of a
// ticket's severity, times or pauses, a deletion or an insertion changes it.
import { and, gte, lte, sql } from 'drizzle-orm';
import { dialectOf, withTransaction, type Db } from '../client';
import { selectRows } from '../raw';
import { slaDayRollups, slaPauses, tickets, type Severity } from '../schema';

/** A local day and its instants [lo, hi) (epoch ms). */
export interface DayBucket {
  day: number;
  lo: number;
  hi: number;
}

export interface SlaDayRollupRow {
  day: number;
  severity: Severity;
  policy: string;
  fingerprint: string;
  summary: string;
}

const key = (day: number, severity: number) => `${day}:${severity}`;

function dayTable(db: Db, days: DayBucket[]) {
  const pg = dialectOf(db) === 'postgres';
  return sql.join(
    days.map((d) => (pg ? sql`(${d.day}::integer, ${d.lo}::bigint, ${d.hi}::bigint)` : sql`(${d.day}, ${d.lo}, ${d.hi})`)),
    sql`, `,
  );
}

/**
 * Per day × severity ('day:severity'), a fingerprint of the tickets created that day whose clocks
 * have both stopped, with their pauses: counts, and sums of ids, times and mixed terms.
 */
export async function stoppedSlaFingerprints(db: Db, days: DayBucket[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (days.length === 0) return out;
  const indexedBy = dialectOf(db) === 'sqlite' ? sql.raw('indexed by tickets_sla_cover_idx') : sql``;
  const d = dayTable(db, days);
  // The whole range as well as the day table: lets PostgreSQL narrow tickets by its created_at
  // index before joining (it otherwise joins every ticket with every pause, then filters).
  const lo = Math.min(...days.map((x) => x.lo));
  const hi = Math.max(...days.map((x) => x.hi));
  const rows = await selectRows<{ day: number; sev: number; f: string }>(db, sql`
    with d(day, lo, hi) as (values ${d})
    select d.day as day, t.severity as sev,
      cast(count(*) as text) || ':' || cast(sum(t.id) as text) || ':' || cast(sum(t.created_at) as text) || ':' ||
      cast(sum(t.acknowledged_at) as text) || ':' || cast(sum(t.mitigated_at) as text) || ':' ||
      cast(sum(((t.acknowledged_at - t.created_at) % 1000003) * (t.id % 997 + 1)) as text) || ':' ||
      cast(sum(((t.mitigated_at - t.created_at) % 1000033) * (t.id % 991 + 1)) as text) as f
    from d join ${tickets} t ${indexedBy} on t.created_at >= d.lo and t.created_at < d.hi
    where t.created_at >= ${lo} and t.created_at < ${hi} and t.acknowledged_at is not null and t.mitigated_at is not null
    group by d.day, t.severity`);
  for (const r of rows) out.set(key(Number(r.day), Number(r.sev)), r.f);
  const pauses = await selectRows<{ day: number; sev: number; f: string }>(db, sql`
    with d(day, lo, hi) as (values ${d})
    select d.day as day, t.severity as sev,
      cast(count(*) as text) || ':' || cast(sum(p.id) as text) || ':' || cast(sum(p.ticket_id) as text) || ':' ||
      cast(sum(p.from_at) as text) || ':' || cast(sum(coalesce(p.to_at, -1)) as text) || ':' ||
      cast(sum(((p.from_at - t.created_at) % 1000003) * (p.ticket_id % 997 + 1)) as text) as f
    from d join ${tickets} t ${indexedBy} on t.created_at >= d.lo and t.created_at < d.hi
      join ${slaPauses} p on p.ticket_id = t.id
    where t.created_at >= ${lo} and t.created_at < ${hi} and t.acknowledged_at is not null and t.mitigated_at is not null
    group by d.day, t.severity`);
  for (const r of pauses) {
    const k = key(Number(r.day), Number(r.sev));
    out.set(k, `${out.get(k) ?? ''}|${r.f}`);
  }
  return out;
}

/** Stored rollups of the local days fromDay..toDay (inclusive), keyed 'day:severity'. */
export async function readSlaDayRollups(db: Db, fromDay: number, toDay: number): Promise<Map<string, SlaDayRollupRow>> {
  const rows = await db.select().from(slaDayRollups).where(and(gte(slaDayRollups.day, fromDay), lte(slaDayRollups.day, toDay)));
  return new Map(rows.map((r) => [key(r.day, r.severity), r as SlaDayRollupRow]));
}

/** Store (insert or replace) rollups, in one transaction. */
export async function writeSlaDayRollups(db: Db, rows: SlaDayRollupRow[]): Promise<void> {
  if (rows.length === 0) return;
  await withTransaction(db, async (tx) => {
    for (let i = 0; i < rows.length; i += 50) {
      await tx
        .insert(slaDayRollups)
        .values(rows.slice(i, i + 50))
        .onConflictDoUpdate({
          target: [slaDayRollups.day, slaDayRollups.severity],
          set: { policy: sql`excluded.policy`, fingerprint: sql`excluded.fingerprint`, summary: sql`excluded.summary` },
        });
    }
  });
}
