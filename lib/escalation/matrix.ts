// The runbook's escalation matrix as data, and what each required action's state is at a given
// instant: done, due (not yet late) or overdue. Framework-free; used by the board, the weekly
// report and the tests.
//
// Due times (the runbook names the actions, not their deadlines; these are the console's policy):
//   Sev-1: on-call paged within 15 min of opening, stakeholders notified within 30 min, an update
//          every 60 min until mitigated;
//   Sev-2: incident commander assigned within 1 h, status page updated within 1 h, an update every
//          12 h (twice daily) until mitigated;
//   Sev-3: ETA communicated to the customer by the end of the next business day, scheduled for a
//          sprint within 5 business days (business calendar of /settings).
// Update cadence: the next update is due `every` minutes after the last one (or after the opening
// when there is none yet); it stops once the ticket is mitigated.
import { deadline, type BusinessCalendar, type Target } from '@/lib/sla';
import type { Severity } from '@/lib/sla/policy';

export const ESCALATION_KINDS = ['page_oncall', 'notify_stakeholders', 'update', 'assign_commander', 'status_page', 'schedule_sprint', 'communicate_eta'] as const;
export type EscalationKind = (typeof ESCALATION_KINDS)[number];

export type MatrixAction =
  | { kind: EscalationKind; label: string; type: 'once'; due: Target; webhook?: 'page' | 'status' }
  | { kind: 'update'; label: string; type: 'cadence'; everyMinutes: number };

export const ESCALATION_MATRIX: Record<Severity, MatrixAction[]> = {
  1: [
    { kind: 'page_oncall', label: 'On-call paged', type: 'once', due: { kind: 'elapsed', minutes: 15 }, webhook: 'page' },
    { kind: 'notify_stakeholders', label: 'Stakeholders notified', type: 'once', due: { kind: 'elapsed', minutes: 30 } },
    { kind: 'update', label: 'Hourly update', type: 'cadence', everyMinutes: 60 },
  ],
  2: [
    { kind: 'assign_commander', label: 'Incident commander assigned', type: 'once', due: { kind: 'elapsed', minutes: 60 } },
    { kind: 'status_page', label: 'Status page updated', type: 'once', due: { kind: 'elapsed', minutes: 60 }, webhook: 'status' },
    { kind: 'update', label: 'Twice-daily update', type: 'cadence', everyMinutes: 720 },
  ],
  3: [
    { kind: 'communicate_eta', label: 'ETA communicated to the customer', type: 'once', due: { kind: 'nextBusinessDay' } },
    { kind: 'schedule_sprint', label: 'Scheduled for a sprint', type: 'once', due: { kind: 'business', minutes: 2400 } },
  ],
};

export const KIND_LABELS: Record<EscalationKind, string> = {
  page_oncall: 'Paged on-call',
  notify_stakeholders: 'Notified stakeholders',
  update: 'Posted an update',
  assign_commander: 'Assigned the incident commander',
  status_page: 'Updated the status page',
  schedule_sprint: 'Scheduled for a sprint',
  communicate_eta: 'Communicated the ETA',
};

export function matrixAction(severity: Severity, kind: EscalationKind): MatrixAction | undefined {
  return ESCALATION_MATRIX[severity].find((a) => a.kind === kind);
}

export interface RecordedAction {
  id: number;
  kind: string;
  at: Date;
  by: string | null;
  note: string | null;
  webhookStatus: string | null;
  webhookAttempts: number;
  webhookResult: string | null;
}

export interface EscalationTicketFacts {
  severity: Severity;
  createdAt: Date;
  mitigatedAt: Date | null;
  incidentCommanderId: string | null;
  sprintScheduled: string | null;
}

export type ActionStateName = 'done' | 'due' | 'overdue';

export interface ActionState {
  kind: EscalationKind;
  label: string;
  type: 'once' | 'cadence';
  state: ActionStateName;
  /** When the action is (was) due; for a cadence, the next update's due time (null once mitigated). */
  dueAt: Date | null;
  /** Done: when; cadence: the last update. */
  lastAt: Date | null;
  lastBy: string | null;
  lastNote: string | null;
  /** The latest recorded row of this kind (its webhook result, for paging / status page). */
  latest: RecordedAction | null;
  count: number;
  everyMinutes?: number;
  webhook?: 'page' | 'status';
}

/** State of each action the matrix requires for a ticket at `now`. */
export function escalationState(
  ticket: EscalationTicketFacts,
  recorded: RecordedAction[],
  calendar: BusinessCalendar,
  now: Date,
): ActionState[] {
  const byKind = new Map<string, RecordedAction[]>();
  for (const r of [...recorded].sort((a, b) => a.at.getTime() - b.at.getTime() || a.id - b.id)) {
    let list = byKind.get(r.kind);
    if (!list) byKind.set(r.kind, (list = []));
    list.push(r);
  }
  return ESCALATION_MATRIX[ticket.severity].map((a): ActionState => {
    const rows = byKind.get(a.kind) ?? [];
    const latest = rows.length ? rows[rows.length - 1] : null;
    const first = rows[0] ?? null;
    if (a.type === 'once') {
      const dueAt = deadline(ticket.createdAt, a.due, calendar);
      const doneByField = (a.kind === 'assign_commander' && !!ticket.incidentCommanderId) || (a.kind === 'schedule_sprint' && !!ticket.sprintScheduled);
      const done = !!first || doneByField;
      return {
        kind: a.kind,
        label: a.label,
        type: 'once',
        state: done ? 'done' : now.getTime() > dueAt.getTime() ? 'overdue' : 'due',
        dueAt,
        lastAt: first?.at ?? null,
        lastBy: first?.by ?? null,
        lastNote: first?.note ?? (a.kind === 'schedule_sprint' ? ticket.sprintScheduled : null),
        latest,
        count: rows.length,
        webhook: a.webhook,
      };
    }
    const last = latest?.at ?? null;
    const mitigated = ticket.mitigatedAt !== null && ticket.mitigatedAt.getTime() <= now.getTime();
    const dueAt = mitigated ? null : new Date(Math.max(last?.getTime() ?? 0, ticket.createdAt.getTime()) + a.everyMinutes * 60_000);
    return {
      kind: a.kind,
      label: a.label,
      type: 'cadence',
      state: mitigated ? 'done' : now.getTime() > dueAt!.getTime() ? 'overdue' : 'due',
      dueAt,
      lastAt: last,
      lastBy: latest?.by ?? null,
      lastNote: latest?.note ?? null,
      latest,
      count: rows.length,
      everyMinutes: a.everyMinutes,
    };
  });
}

/**
 * Update-cadence compliance of one ticket within [from, to): every due time falling in the range
 * is met when an update was posted at or before it (the next one is then due `every` after that
 * update), missed otherwise (the next is due `every` after the later of the missed due time and
 * the late update). The cadence runs from the opening to the mitigation (or `now`).
 */
export function cadenceCompliance(
  createdAt: number,
  mitigatedAt: number | null,
  updates: number[],
  everyMinutes: number,
  range: { from: number; to: number },
  now: number,
): { met: number; missed: number } {
  const every = everyMinutes * 60_000;
  const end = Math.min(mitigatedAt ?? now, now, range.to);
  const sorted = [...updates].sort((a, b) => a - b);
  let met = 0;
  let missed = 0;
  let prev = createdAt;
  let i = 0;
  for (let guard = 0; guard < 100_000; guard++) {
    const due = prev + every;
    if (due >= end) break;
    while (i < sorted.length && sorted[i] <= prev) i++;
    const next = i < sorted.length ? sorted[i] : null;
    if (next === null) {
      // No more updates: every remaining due time (due, due + every, ...) before `end` is missed.
      const firstIn = due >= range.from ? due : due + Math.ceil((range.from - due) / every) * every;
      if (firstIn < end) missed += Math.floor((end - 1 - firstIn) / every) + 1;
      break;
    }
    const inRange = due >= range.from;
    if (next <= due) {
      if (inRange) met++;
      prev = next;
    } else {
      if (inRange) missed++;
      prev = next < due + every ? next : due;
    }
  }
  return { met, missed };
}
