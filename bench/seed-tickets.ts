// Seeds a database with 100k tickets over the two years before now, with realistic timelines:
// acknowledgements, mitigations, resolutions, closures with learnings and release tags, SLA
// pauses, escalation-matrix actions (pages, updates, commanders, status page, sprints, ETAs),
// timeline events and bundles with error-code metrics. Recent tickets stay open (the board).
//
//   X400_DATA_DIR=bench/.out/sla-data npx tsx bench/seed-tickets.ts [--count 100000] [--force]
import { createHash, randomUUID } from 'node:crypto';
import path from 'node:path';
import { openDatabase, type AppDb } from '../db/client';
import { seededRandom } from '@/test/support/make-bundle';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;


export function benchDataDir(): string {
  return path.resolve(process.env.X400_DATA_DIR ?? path.join(import.meta.dirname ?? '.', '.out', 'sla-data'));
}

export function openBenchDb(): AppDb {
  return openDatabase(path.join(benchDataDir(), 'x400-support.sqlite'), path.resolve(import.meta.dirname ?? '.', '..'));
}

const CUSTOMERS = ['Acme Mail', 'Globex Telecom', 'Initech Bank', 'Umbrella Health', 'Stark Logistics', 'Wayne Shipping', 'Hooli Cloud', 'Vandelay Imports', 'Soylent Foods', 'Tyrell Systems'];
const SUMMARIES: Record<1 | 2 | 3, string[]> = {
  1: ['No outbound delivery since the upgrade', 'All messages rejected at submission', 'Gateway down in the primary site', 'MTA refuses every connection'],
  2: ['Outbound queue backlog growing', 'Telemetry export failing', 'Delivery latency p95 above 10 min', 'Directory lookups time out intermittently'],
  3: ['CLI help shows a wrong flag', 'UI table does not sort by date', 'Typo in the NDR message', 'Export button misaligned'],
};
const CODES = ['X400-2101', 'X400-2102', 'X400-3001', 'X400-1001', 'X400-1005', 'X400-4002', 'X400-3004', 'X400-2203'];
const COMPONENTS = ['gateway', 'queue', 'mta', 'directory', 'ui', 'cli'];

/** Log-normal-ish delay: median `m` ms, spread `s`. */
function delay(r: () => number, m: number, s = 0.8): number {
  const u = Math.max(1e-9, r());
  const v = r();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(MIN, m * Math.exp(s * z));
}

export function seedTickets(db: AppDb, opts: { count?: number; now?: Date; seed?: number } = {}): { tickets: number; ms: number } {
  const t0 = performance.now();
  const count = opts.count ?? 100_000;
  const now = (opts.now ?? new Date()).getTime();
  const r = seededRandom(opts.seed ?? 4711);
  const sqlite = db.$client;
  const users: string[] = [];
  const insUser = sqlite.prepare('insert into users (id, email, name, role, password_hash, disabled, created_at, updated_at) values (?, ?, ?, ?, ?, 0, ?, ?)');
  const insTicket = sqlite.prepare(`insert into tickets (customer_name, customer_contact, severity, status, summary, components, reported_at, assignee_id, incident_commander_id, created_by_id, created_at, updated_at,
    triage_confirmed_at, triage_confirmed_by_id, acknowledged_at, acknowledged_by_id, mitigated_at, resolved_at, closed_at, mitigation_steps, customer_notified_at, customer_notified_via, customer_notified_message,
    customer_confirmed_at, customer_confirmation, release_version, release_tagged_at, learnings, learnings_captured_at, sprint_scheduled)
    values (?, ?, ?, ?, ?, ?, '[]', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insEvent = sqlite.prepare('insert into ticket_events (ticket_id, at, actor_id, kind, data) values (?, ?, ?, ?, ?)');
  const insPause = sqlite.prepare('insert into sla_pauses (ticket_id, from_at, to_at, reason, by_id) values (?, ?, ?, ?, ?)');
  const insAction = sqlite.prepare('insert into escalation_actions (ticket_id, kind, at, by_id, note, webhook_status, webhook_attempts, webhook_result) values (?, ?, ?, ?, ?, ?, ?, ?)');
  const insBundle = sqlite.prepare(`insert into bundles (id, sha256, file_name, size, channel, created_at, ingested_at, ticket_id, state, consent_granted, metadata, report, problems)
    values (?, ?, ?, ?, ?, ?, ?, ?, 'active', 1, '{}', ?, '[]')`);

  sqlite.transaction(() => {
    for (let i = 0; i < 24; i++) {
      const role = i < 18 ? 'engineer' : i < 22 ? 'lead' : 'manager';
      const id = randomUUID();
      insUser.run(id, `${role}${i}-${id.slice(0, 6)}@bench.example`, `${role} ${i}`, role, 'x', now, now);
      if (role !== 'manager') users.push(id);
    }
    const leads = users.slice(18);
    const start = now - 730 * DAY;
    let versionMinor = 0;
    for (let i = 0; i < count; i++) {
      // Spread evenly over two years, busier on weekdays during the day.
      let created = start + ((i + r()) / count) * (now - start - 10 * MIN);
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
      const summary = SUMMARIES[sev][i % SUMMARIES[sev].length]!;
      const info = insTicket.run(
        CUSTOMERS[i % CUSTOMERS.length], `noc${i % 97}@customer.example`, sev, status, summary, JSON.stringify([COMPONENTS[i % COMPONENTS.length]]),
        engineer, sev === 2 && ack ? lead : null, engineer, created, closed ?? resolved ?? mit ?? ack ?? created,
        created + 5 * MIN, engineer, ack, ack ? engineer : null, mit, resolved, closed,
        mit ? '1. Restarted the outbound worker\n2. Raised `queue.maxRetries`' : null,
        resolved ? resolved - HOUR : null, resolved ? 'email' : null, resolved ? 'Service restored.' : null,
        resolved, resolved ? 'Confirmed by the customer NOC.' : null,
        release, release ? closed! - HOUR : null, learnings, closed, sev === 3 && ack ? `Sprint ${Math.floor((created - start) / (14 * DAY))}` : null,
      );
      const id = Number(info.lastInsertRowid);
      insEvent.run(id, created, engineer, 'created', JSON.stringify({ severity: sev }));
      if (ack) insEvent.run(id, ack, engineer, 'acknowledged', null);
      if (mit) insEvent.run(id, mit, engineer, 'status', JSON.stringify({ from: 'investigating', to: 'mitigated' }));
      if (resolved) insEvent.run(id, resolved, engineer, 'status', JSON.stringify({ from: 'mitigated', to: 'resolved' }));
      if (closed) insEvent.run(id, closed, engineer, 'status', JSON.stringify({ from: 'resolved', to: 'closed' }));
      if (r() < 0.3) insEvent.run(id, created + 20 * MIN, engineer, 'note', JSON.stringify({ text: 'Asked the customer for a trace bundle.' }));
      if (r() < 0.1) {
        const from = created + Math.round(delay(r, 30 * MIN));
        const to = from + Math.round(delay(r, 3 * HOUR));
        if (from < now) insPause.run(id, from, to < now ? to : null, 'Waiting for the customer’s trace bundle', engineer);
      }
      // Escalation matrix.
      const end = mit ?? now;
      if (sev === 1) {
        insAction.run(id, 'page_oncall', created + Math.round(delay(r, 6 * MIN, 0.5)), lead, null, 'delivered', 1, 'HTTP 202 Accepted');
        insAction.run(id, 'notify_stakeholders', created + Math.round(delay(r, 15 * MIN, 0.5)), lead, null, null, 0, null);
        for (let at = created + 55 * MIN; at < end; at += (r() < 0.85 ? 55 : 75) * MIN) insAction.run(id, 'update', at, lead, 'Status update', null, 0, null);
      } else if (sev === 2) {
        insAction.run(id, 'assign_commander', created + Math.round(delay(r, 30 * MIN, 0.5)), lead, null, null, 0, null);
        insAction.run(id, 'status_page', created + Math.round(delay(r, 40 * MIN, 0.6)), lead, null, 'delivered', 1, 'HTTP 200 OK');
        for (let at = created + 11 * HOUR; at < end; at += (r() < 0.85 ? 11 : 14) * HOUR) insAction.run(id, 'update', at, lead, null, null, 0, null);
      } else if (ack) {
        insAction.run(id, 'communicate_eta', ack, engineer, 'ETA: next sprint', null, 0, null);
        insAction.run(id, 'schedule_sprint', ack + HOUR, lead, 'Next sprint', null, 0, null);
      }
      if (r() < 0.2) {
        const bid = `bench-${id}`;
        const codes: Record<string, number> = {};
        const n = 1 + Math.floor(r() * 3);
        for (let k = 0; k < n; k++) {
          const code = CODES[Math.min(CODES.length - 1, Math.floor(-Math.log(Math.max(1e-9, r())) * 1.5))]!;
          codes[code] = (codes[code] ?? 0) + 1 + Math.floor(r() * 40);
        }
        const ingested = created + 30 * MIN;
        insBundle.run(bid, createHash('sha256').update(bid).digest('hex'), `trace-${new Date(created).toISOString().replace(/[-:]/g, '').slice(0, 15)}Z-cli.zip`, 4096, 'cli', created, ingested, id, JSON.stringify({ metrics: { errorCodes: codes } }));
      }
    }
  })();
  sqlite.pragma('optimize');
  return { tickets: count, ms: performance.now() - t0 };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const count = args.includes('--count') ? Number(args[args.indexOf('--count') + 1]) : 100_000;
  const db = openBenchDb();
  const existing = (db.$client.prepare('select count(*) as n from tickets').get() as { n: number }).n;
  if (existing >= count && !args.includes('--force')) {
    console.log(`${benchDataDir()}: already ${existing} tickets (use --force to add more).`);
  } else {
    const { ms } = seedTickets(db, { count });
    console.log(`seeded ${count} tickets into ${benchDataDir()} in ${(ms / 1000).toFixed(1)} s`);
  }
}
