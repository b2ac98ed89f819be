// The escalation board's data (/board and GET /api/board): one column per severity, cards most
// urgent first, each with its SLA clock specs (the browser counts them down and works out a clock's
// "why this deadline" tooltip when it is hovered) and the matrix's required actions with their state.
import type { Db } from '@/db/client';
import { listPagingEvents, warningsForTickets } from '@/db/queries/alerts';
import { actionsForTickets, listBoardTickets } from '@/db/queries/escalation';
import { linksTouching } from '@/db/queries/incidents';
import { groupUnderParents } from '@/lib/incidents/links';
import { pausesByTicket } from '@/db/queries/sla';
import type { TicketStatus } from '@/db/schema';
import type { BusinessCalendar } from '@/lib/sla';
import type { SlaLevel, SlaState } from '@/lib/sla/clock';
import { SEVERITIES, type Severity, type SlaTargetName } from '@/lib/sla/policy';
import { clockSpecs, evaluateSpec, type ClockSpec } from '@/lib/sla/ticket';
import { getSlaPolicy } from '@/lib/settings';
import { escalationState, type ActionStateName } from './matrix';

export interface BoardActionJson {
  kind: string;
  label: string;
  type: 'once' | 'cadence';
  state: ActionStateName;
  dueAt: number | null;
  lastAt: number | null;
  lastBy: string | null;
  lastNote: string | null;
  count: number;
  everyMinutes: number | null;
  webhook: 'page' | 'status' | null;
  latestId: number | null;
  webhookStatus: string | null;
  webhookAttempts: number;
  webhookResult: string | null;
}

export interface BoardClockJson {
  spec: ClockSpec;
  state: SlaState;
  level: SlaLevel;
  deadline: number;
  remainingMinutes: number;
}

/** A breach warning that fired (lib/escalation/sla-watch.ts). */
export interface BoardWarningJson {
  clock: SlaTargetName;
  threshold: number;
  firedAt: number;
  paged: boolean;
}

/** The ticket's paging lifecycle: its dedup_key, the inbound acknowledgement, acknowledge / resolve sent. */
export interface BoardPagingJson {
  dedupKey: string;
  acknowledgedAt: number | null;
  acknowledgedBy: string | null;
  events: { action: string; status: string; result: string | null }[];
}

export interface BoardCardJson {
  ticketId: number;
  severity: Severity;
  status: TicketStatus;
  summary: string;
  customerName: string;
  createdAt: number;
  assignee: string | null;
  commander: string | null;
  clocks: Record<SlaTargetName, BoardClockJson>;
  actions: BoardActionJson[];
  overdue: number;
  /** Breach warnings fired so far, oldest first: the lead's "warning" row. */
  warnings: BoardWarningJson[];
  paging: BoardPagingJson | null;
  /** The earliest pending due time (actions or running SLA deadlines), ms; null when nothing is pending. */
  nextDueAt: number | null;
  /** The parent incident this ticket is linked under, if any. */
  parentId: number | null;
  /**
   * Tickets linked under this one, most urgent first: the parent carries the escalation, so a
   * child lists only its own SLA clocks and the customer-facing actions (its updates).
   */
  children: BoardCardJson[];
}

/** What a child of a parent incident still owes on its own: its customer's updates. */
export const CHILD_ACTION_KINDS: readonly string[] = ['update', 'communicate_eta'];

export interface BoardJson {
  generatedAt: number;
  calendar: BusinessCalendar;
  columns: { severity: Severity; cards: BoardCardJson[] }[];
  /** tickets: every open ticket; linked: those shown under a parent incident. */
  totals: { tickets: number; linked: number; overdueActions: number; breachedClocks: number };
}

/** Most urgent first: overdue actions, then breached clocks, then the earliest due time. */
function urgency(a: BoardCardJson, b: BoardCardJson): number {
  const breached = (c: BoardCardJson) => Number(c.clocks.ack.state === 'breached' || c.clocks.mitigate.state === 'breached');
  return (
    b.overdue - a.overdue ||
    breached(b) - breached(a) ||
    (a.nextDueAt ?? Number.POSITIVE_INFINITY) - (b.nextDueAt ?? Number.POSITIVE_INFINITY) ||
    a.createdAt - b.createdAt
  );
}

export async function buildBoard(db: Db, now = new Date()): Promise<BoardJson> {
  const { calendar, targets } = await getSlaPolicy(db);
  const tickets = await listBoardTickets(db);
  const ids = tickets.map((t) => t.id);
  const pauses = await pausesByTicket(db, ids);
  const actions = await actionsForTickets(db, ids);
  const warnings = await warningsForTickets(db, ids);
  const eventsOf = new Map<number, Awaited<ReturnType<typeof listPagingEvents>>>();
  for (const e of await listPagingEvents(db, ids)) {
    const list = eventsOf.get(e.ticketId);
    if (list) list.push(e);
    else eventsOf.set(e.ticketId, [e]);
  }
  const links = await linksTouching(db, ids);
  const groups = groupUnderParents(ids, links);
  const parentOf = new Map(links.map((l) => [l.childTicketId, l.parentTicketId]));
  const childIds = new Set([...groups.values()].flat());
  const cards = new Map<number, BoardCardJson>();
  const nowMs = now.getTime();
  const columns = SEVERITIES.map((severity) => ({ severity, cards: [] as BoardCardJson[] }));
  let overdueActions = 0;
  let breachedClocks = 0;
  for (const t of tickets) {
    const specs = clockSpecs(t, pauses.get(t.id) ?? [], targets);
    const clocks = {} as Record<SlaTargetName, BoardClockJson>;
    let nextDueAt: number | null = null;
    for (const name of ['ack', 'mitigate'] as const) {
      const c = evaluateSpec(specs[name], calendar, nowMs);
      clocks[name] = { spec: specs[name], state: c.state, level: c.level, deadline: c.deadline.getTime(), remainingMinutes: c.remainingMinutes };
      if (c.state === 'breached' && specs[name].stop === null) breachedClocks++;
      if (specs[name].stop === null) nextDueAt = Math.min(nextDueAt ?? Infinity, c.deadline.getTime());
    }
    const recorded = (actions.get(t.id) ?? []).map((r) => ({ ...r, by: r.byEmail }));
    const states = escalationState(t, recorded, calendar, now);
    const isChild = childIds.has(t.id);
    const owed = isChild ? states.filter((s) => CHILD_ACTION_KINDS.includes(s.kind)) : states;
    const list: BoardActionJson[] = owed.map((s) => ({
      kind: s.kind,
      label: s.label,
      type: s.type,
      state: s.state,
      dueAt: s.dueAt?.getTime() ?? null,
      lastAt: s.lastAt?.getTime() ?? null,
      lastBy: s.lastBy,
      lastNote: s.lastNote,
      count: s.count,
      everyMinutes: s.everyMinutes ?? null,
      webhook: s.webhook ?? null,
      latestId: s.latest?.id ?? null,
      webhookStatus: s.latest?.webhookStatus ?? null,
      webhookAttempts: s.latest?.webhookAttempts ?? 0,
      webhookResult: s.latest?.webhookResult ?? null,
    }));
    const overdue = owed.filter((s) => s.state === 'overdue').length;
    overdueActions += overdue;
    for (const s of owed) if (s.state !== 'done' && s.dueAt) nextDueAt = Math.min(nextDueAt ?? Infinity, s.dueAt.getTime());
    cards.set(t.id, {
      ticketId: t.id,
      severity: t.severity,
      status: t.status,
      summary: t.summary,
      customerName: t.customerName,
      createdAt: t.createdAt.getTime(),
      assignee: t.assigneeEmail,
      commander: t.commanderEmail,
      clocks,
      actions: list,
      overdue,
      warnings: (warnings.get(t.id) ?? [])
        .filter((w) => w.clock === 'ack' || w.clock === 'mitigate')
        .map((w) => ({ clock: w.clock as SlaTargetName, threshold: w.threshold, firedAt: w.firedAt.getTime(), paged: w.paged })),
      paging: t.pagingDedupKey
        ? {
            dedupKey: t.pagingDedupKey,
            acknowledgedAt: t.pagingAcknowledgedAt?.getTime() ?? null,
            acknowledgedBy: t.pagingAcknowledgedBy,
            events: (eventsOf.get(t.id) ?? []).map((e) => ({ action: e.action, status: e.status, result: e.result })),
          }
        : null,
      nextDueAt,
      parentId: parentOf.get(t.id) ?? null,
      children: [],
    });
  }
  // A child sits under its parent's card (in the parent's column); the rest stand on their own.
  for (const [parentId, children] of groups) cards.get(parentId)!.children = children.map((id) => cards.get(id)!).sort(urgency);
  for (const t of tickets) if (!childIds.has(t.id)) columns[t.severity - 1].cards.push(cards.get(t.id)!);
  for (const col of columns) col.cards.sort(urgency);
  return { generatedAt: nowMs, calendar, columns, totals: { tickets: tickets.length, linked: childIds.size, overdueActions, breachedClocks } };
}
