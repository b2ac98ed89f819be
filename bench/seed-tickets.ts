// Seeds a database with tickets over the years before now, with realistic timelines:
// acknowledgements, mitigations, resolutions, closures with learnings and release tags, SLA
// pauses, escalation-matrix actions (pages, updates, commanders, status page, sprints, ETAs),
// timeline events and bundles with error-code metrics. Recent tickets stay open (the board).
// 100k tickets spread over two years; 1M (a large support organisation) over five.
//
// Both backends: SQLite through prepared multi-row inserts, PostgreSQL (X400_DATABASE_URL set)
// through COPY. The rows are generated once, the same for both.
//
//   npx tsx bench/seed-tickets.ts [--count 100000] [--force]
//   X400_DATABASE_URL=postgres://… npx tsx bench/seed-tickets.ts --count 1000000
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { dialectOf, openMigratedDatabase, type AppDb } from '../db/client';
import { copyRows, RawJson, withPgClient } from '../db/postgres';
import { selectRows } from '../db/raw';
import { seededRandom } from '@/test/support/make-bundle';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The bench database: X400_DATABASE_URL when set, else a SQLite file per size under bench/.out. */
export function benchTarget(count: number): string {
  const url = process.env.X400_DATABASE_URL?.trim();
  if (url) return url;
  const dir = process.env.X400_DATA_DIR ?? path.join(import.meta.dirname ?? '.', '.out', `sla-data-${count >= 1_000_000 ? `${count / 1_000_000}m` : `${count / 1000}k`}`);
  return path.join(path.resolve(dir), 'x400-support.sqlite');
}

export function openBenchDb(count: number): Promise<AppDb> {
  return openMigratedDatabase(benchTarget(count), path.resolve(import.meta.dirname ?? '.', '..'));
}

export async function countTickets(db: AppDb): Promise<number> {
  const [row] = await selectRows<{ n: number }>(db, sql`select count(*) as n from tickets`);
  return Number(row?.n ?? 0);
}

const CUSTOMERS = ['Acme Mail', 'Globex Telecom', 'Initech Bank', 'Umbrella Health', 'Stark Logistics', 'Wayne Shipping', 'Hooli Cloud', 'Vandelay Imports', 'Soylent Foods', 'Tyrell Systems'];
const SUMMARIES: Record<1 | 2 | 3, string[]> = {
  1: ['No outbound delivery since the upgrade', 'All messages rejected at submission', 'Gateway down in the primary site', 'MTA refuses every connection'],
  2: ['Outbound queue backlog growing', 'Telemetry export failing', 'Delivery latency p95 above 10 min', 'Directory lookups time out intermittently'],
  3: ['CLI help shows a wrong flag', 'UI table does not sort by date', 'Typo in the NDR message', 'Export button misaligned'],
};
const CODES = ['X400-2101', 'X400-2102', 'X400-3001', 'X400-1001', 'X400-1005', 'X400-4002', 'X400-3004', 'X400-2203'];
const COMPONENTS = ['gateway', 'queue', 'mta', 'directory', 'ui', 'cli'];

const TICKET_COLUMNS = [
  'id', 'customer_name', 'customer_contact', 'severity', 'status', 'summary', 'components', 'reported_at', 'assignee_id', 'incident_commander_id', 'created_by_id', 'created_at', 'updated_at',
  'triage_confirmed_at', 'triage_confirmed_by_id', 'acknowledged_at', 'acknowledged_by_id', 'mitigated_at', 'resolved_at', 'closed_at', 'mitigation_steps', 'customer_notified_at', 'customer_notified_via', 'customer_notified_message',
  'customer_confirmed_at', 'customer_confirmation', 'release_version', 'release_tagged_at', 'learnings', 'learnings_captured_at', 'sprint_scheduled',
];
const TABLES = {
  users: ['id', 'email', 'name', 'role', 'password_hash', 'disabled', 'created_at', 'updated_at'],
  tickets: TICKET_COLUMNS,
  ticket_events: ['ticket_id', 'at', 'actor_id', 'kind', 'data'],
  sla_pauses: ['ticket_id', 'from_at', 'to_at', 'reason', 'by_id'],
  escalation_actions: ['ticket_id', 'kind', 'at', 'by_id', 'note', 'webhook_status', 'webhook_attempts', 'webhook_result'],
  bundles: ['id', 'sha256', 'file_name', 'size', 'channel', 'created_at', 'ingested_at', 'ticket_id', 'state', 'consent_granted', 'metadata', 'report', 'problems'],
} as const;
type Table = keyof typeof TABLES;
/** A JSON column's value: text in SQLite, jsonb in PostgreSQL (copied as its serialised text). */
class Json {
  constructor(readonly text: string) {}
}
const json = (value: unknown) => new Json(JSON.stringify(value));

/** Writes batches of rows, in `TABLES` column order, to either backend. */
async function writeRows(db: AppDb, table: Table, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const columns = TABLES[table];
  if (dialectOf(db) === 'postgres') {
    const values = rows.map((row) => row.map((v) => (v instanceof Json ? new RawJson(v.text) : v)));
    await withPgClient(db, (client) => copyRows(client, table, columns, values));
    return;
  }
  const sqlite = db.$client;
  const perStatement = Math.max(1, Math.floor(32_000 / columns.length));
  const one = `(${columns.map(() => '?').join(', ')})`;
  for (let i = 0; i < rows.length; i += perStatement) {
    const chunk = rows.slice(i, i + perStatement);
    const args = chunk.flatMap((row) => row.map((v) => (v instanceof Json ? v.text : typeof v === 'boolean' ? (v ? 1 : 0) : v)));
    sqlite.prepare(`insert into ${table} (${columns.join(', ')}) values ${chunk.map(() => one).join(', ')}`).run(args);
  }
}

/** Log-normal-ish delay: median `m` ms, spread `s`. */
function delay(r: () => number, m: number, s = 0.8): number {
  const u = Math.max(1e-9, r());
  const v = r();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(MIN, m * Math.exp(s * z));
}

export async function seedTickets(db: AppDb, opts: { count?: number; now?: Date; seed?: number; years?: number } = {}): Promise<{ tickets: number; ms: number }> {
  const t0 = performance.now();
  const count = opts.count ?? 100_000;
  const years = opts.years ?? (count >= 1_000_000 ? 5 : 2);
  const now = (opts.now ?? new Date()).getTime();
  const r = seededRandom(opts.seed ?? 4711);
  const [maxRow] = await selectRows<{ n: number | null }>(db, sql`select max(id) as n from tickets`);
  const firstId = Number(maxRow?.n ?? 0) + 1;

  const userRows: unknown[][] = [];
  const users: string[] = [];
  for (let i = 0; i < 24; i++) {
    const role = i < 18 ? 'engineer' : i < 22 ? 'lead' : 'manager';
    const id = randomUUID();
    userRows.push([id, `${role}${i}-${id.slice(0, 6)}@bench.example`, `${role} ${i}`, role, 'x', false, now, now]);
    if (role !== 'manager') users.push(id);
  }
  await writeRows(db, 'users', userRows);
  const leads = users.slice(18);
  const span = Math.round(years * 365 * DAY);
  const start = now - span;
  let versionMinor = 0;

  const BATCH = 5000;
  for (let from = 0; from < count; from += BATCH) {
    const batch: Record<Table, unknown[][]> = { users: [], tickets: [], ticket_events: [], sla_pauses: [], escalation_actions: [], bundles: [] };
    for (let i = from; i < Math.min(count, from + BATCH); i++) {
      // Spread evenly over the years, busier on weekdays during the day.
      let created = start + ((i + r()) / count) * (span - 10 * MIN);
      const hour = new Date(created).getUTCHours();
      if ((hour < 7 || hour > 19) && r() < 0.5) created -= 10 * HOUR * r();
      created = Math.round(created);
      const x = r();
      const sev = (x < 0.05 ? 1 : x < 0.3 ? 2 : 3) as 1 | 2 | 3;
      const engineer = users[Math.floor(r() * 18)]!;
      const lead = leads[Math.floor(r() * leads.length)]!;
      const ackDelay = sev === 1 ? delay(r, 14 * MIN, 0.6) : sev === 2 ? delay(r, 90 * MIN) : delay(r, 8 * HOUR, 0.9);
      const mitDelay = ackDelay + (sev === 1 ? delay(r, 2.5 * HOUR, 0.5) : sev === 2 ? delay(r, 14 * HOUR, 0.7) : delay(r, 3 * DAY, 0.7));
      const ack = created + ackDelay <= now ? Math.round(created + ackDelay) : null;
      const mit = ack !== null && created + mitDelay <= now ? Math.round(created + mitDelay) : null;
      const resolved = mit !== null && mit + 20 * HOUR <= now ? Math.round(mit + delay(r, 6 * HOUR)) : null;
      const closed = resolved !== null && resolved + 3 * DAY <= now ? Math.round(resolved + delay(r, 2 * DAY, 0.5)) : null;
      const status = closed ? 'closed' : resolved ? 'resolved' : mit ? 'mitigated' : ack ? 'investigating' : 'new';
      const learnings = closed ? `Runbook gap: ${['alert on queue age', 'document the failover', 'add a retry budget', 'improve the CLI error'][i % 4]} (#${i}).` : null;
      if (closed && r() < 0.25 && i % 40 === 0) versionMinor++;
      const release = closed && r() < 0.25 ? `4.${versionMinor}.${i % 5}` : null;
      const id = firstId + i;
      batch.tickets.push([
        id, CUSTOMERS[i % CUSTOMERS.length], `noc${i % 97}@customer.example`, sev, status, SUMMARIES[sev][i % SUMMARIES[sev].length], json([COMPONENTS[i % COMPONENTS.length]]), json([]),
        engineer, sev === 2 && ack ? lead : null, engineer, created, closed ?? resolved ?? mit ?? ack ?? created,
        created + 5 * MIN, engineer, ack, ack ? engineer : null, mit, resolved, closed,
        mit ? '1. Restarted the outbound worker\n2. Raised `queue.maxRetries`' : null,
        resolved ? resolved - HOUR : null, resolved ? 'email' : null, resolved ? 'Service restored.' : null,
        resolved, resolved ? 'Confirmed by the customer NOC.' : null,
        release, release ? closed! - HOUR : null, learnings, closed, sev === 3 && ack ? `Sprint ${Math.floor((created - start) / (14 * DAY))}` : null,
      ]);
      const event = (at: number, kind: string, data: unknown) => batch.ticket_events.push([id, at, engineer, kind, data === null ? null : json(data)]);
      event(created, 'created', { severity: sev });
      if (ack) event(ack, 'acknowledged', null);
      if (mit) event(mit, 'status', { from: 'investigating', to: 'mitigated' });
      if (resolved) event(resolved, 'status', { from: 'mitigated', to: 'resolved' });
      if (closed) event(closed, 'status', { from: 'resolved', to: 'closed' });
      if (r() < 0.3) event(created + 20 * MIN, 'note', { text: 'Asked the customer for a trace bundle.' });
      if (r() < 0.1) {
        const pauseFrom = created + Math.round(delay(r, 30 * MIN));
        const pauseTo = pauseFrom + Math.round(delay(r, 3 * HOUR));
        if (pauseFrom < now) batch.sla_pauses.push([id, pauseFrom, pauseTo < now ? pauseTo : null, 'Waiting for the customer’s trace bundle', engineer]);
      }
      // Escalation matrix.
      const action = (kind: string, at: number, by: string, note: string | null, status: string | null = null, attempts = 0, result: string | null = null) =>
        batch.escalation_actions.push([id, kind, at, by, note, status, attempts, result]);
      const end = mit ?? now;
      if (sev === 1) {
        action('page_oncall', created + Math.round(delay(r, 6 * MIN, 0.5)), lead, null, 'delivered', 1, 'HTTP 202 Accepted');
        action('notify_stakeholders', created + Math.round(delay(r, 15 * MIN, 0.5)), lead, null);
        for (let at = created + 55 * MIN; at < end; at += (r() < 0.85 ? 55 : 75) * MIN) action('update', at, lead, 'Status update');
      } else if (sev === 2) {
        action('assign_commander', created + Math.round(delay(r, 30 * MIN, 0.5)), lead, null);
        action('status_page', created + Math.round(delay(r, 40 * MIN, 0.6)), lead, null, 'delivered', 1, 'HTTP 200 OK');
        for (let at = created + 11 * HOUR; at < end; at += (r() < 0.85 ? 11 : 14) * HOUR) action('update', at, lead, null);
      } else if (ack) {
        action('communicate_eta', ack, engineer, 'ETA: next sprint');
        action('schedule_sprint', ack + HOUR, lead, 'Next sprint');
      }
      if (r() < 0.2) {
        const bid = `bench-${id}`;
        const codes: Record<string, number> = {};
        const n = 1 + Math.floor(r() * 3);
        for (let k = 0; k < n; k++) {
          const code = CODES[Math.min(CODES.length - 1, Math.floor(-Math.log(Math.max(1e-9, r())) * 1.5))]!;
          codes[code] = (codes[code] ?? 0) + 1 + Math.floor(r() * 40);
        }
        const fileName = `trace-${new Date(created).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-cli.zip`;
        batch.bundles.push([bid, createHash('sha256').update(bid).digest('hex'), fileName, 4096, 'cli', created, created + 30 * MIN, id, 'active', true, json({}), json({ metrics: { errorCodes: codes } }), json([])]);
      }
    }
    const write = async (target: AppDb) => {
      for (const table of ['tickets', 'ticket_events', 'sla_pauses', 'escalation_actions', 'bundles'] as const) await writeRows(target, table, batch[table]);
    };
    if (dialectOf(db) === 'postgres') await write(db);
    else {
      db.$client.exec('BEGIN');
      try {
        await write(db);
        db.$client.exec('COMMIT');
      } catch (error) {
        db.$client.exec('ROLLBACK');
        throw error;
      }
    }
  }
  if (dialectOf(db) === 'postgres') {
    // Explicit ids were copied in: move the identity past them, and refresh the planner's statistics.
    await withPgClient(db, async (client) => {
      await client.query(`select setval(pg_get_serial_sequence('tickets', 'id'), (select max(id) from tickets))`);
      await client.query('analyze');
    });
  } else {
    db.$client.pragma('optimize');
    db.$client.exec('analyze');
  }
  return { tickets: count, ms: performance.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 100_000;
  const db = await openBenchDb(count);
  const existing = await countTickets(db);
  if (existing >= count && !args.includes('--force')) {
    console.log(`${benchTarget(count)}: already ${existing} tickets (use --force to add more).`);
  } else {
    const { ms } = await seedTickets(db, { count: count - (args.includes('--force') ? 0 : existing) });
    console.log(`seeded ${count} tickets into ${benchTarget(count)} in ${(ms / 1000).toFixed(1)} s`);
  }
  process.exit(0);
}
