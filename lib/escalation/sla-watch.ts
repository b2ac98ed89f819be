// The SLA watch: a periodic job (lib/jobs, queue "sla-watch") that looks at every open ticket's
// clocks and, for each breach-warning threshold crossed (lib/sla/warnings.ts), notifies in order:
// the assignee's inbox, the board (the warning row) and, at the admin's paging level, the paging
// service. A Sev-1 nobody acknowledged is paged when the matrix's page falls due. Each warning
// fires once per ticket, clock and threshold, across instances (a unique key in the database).
// A ticket linked under a parent incident keeps its own warnings, but its page goes to the parent,
// which carries the escalation (one page, one dedup_key for the incident).
import { withTransaction, type Db } from '@/db/client';
import { claimSlaWarning, insertInboxItem, markWarningPaged } from '@/db/queries/alerts';
import { listBoardTickets, type BoardTicketRow } from '@/db/queries/escalation';
import { linksTouching } from '@/db/queries/incidents';
import { groupUnderParents } from '@/lib/incidents/links';
import { pausesByTicket } from '@/db/queries/sla';
import { insertTicketEvent } from '@/db/queries/tickets';
import { getSlaPolicy } from '@/lib/settings';
import { getWarningPolicies } from '@/lib/settings/alerts';
import { formatDuration } from '@/lib/sla/explain';
import { SLA_TARGET_NAMES, type SlaTargetName } from '@/lib/sla/policy';
import { CLOCK_LABELS, clockSpecs } from '@/lib/sla/ticket';
import { dueWarnings } from '@/lib/sla/warnings';
import { ESCALATION_MATRIX } from './matrix';
import { autoPage } from './paging';
import { deadline as dueAt } from '@/lib/sla';

/** The sla_warnings row that stands for the automatic Sev-1 page (clock "page"). */
const PAGE_CLOCK = 'page';

export interface WatchReport {
  /** Warnings that fired in this run: "#12 ack 50". */
  warnings: string[];
  /** Escalation actions (pages) whose trigger must now be delivered. */
  pages: number[];
}

function warningText(t: BoardTicketRow, clock: SlaTargetName, threshold: number, deadline: Date, now: Date): string {
  const left = formatDuration((deadline.getTime() - now.getTime()) / 60_000);
  return `Sev-${t.severity} #${t.id} ${t.customerName}: ${threshold}% of the ${CLOCK_LABELS[clock].toLowerCase()} used — due ${deadline.toISOString().slice(0, 16).replace('T', ' ')} UTC (${left} left).`;
}

/** One pass over the open tickets at `now`. */
export async function runSlaWatch(db: Db, now = new Date()): Promise<WatchReport> {
  const { calendar, targets } = await getSlaPolicy(db);
  const policies = await getWarningPolicies(db);
  const tickets = await listBoardTickets(db);
  const pauses = await pausesByTicket(db, tickets.map((t) => t.id));
  const report: WatchReport = { warnings: [], pages: [] };
  const nowMs = now.getTime();
  const parentOf = new Map<number, number>();
  for (const [parent, children] of groupUnderParents(tickets.map((t) => t.id), await linksTouching(db, tickets.map((t) => t.id)))) {
    for (const child of children) parentOf.set(child, parent);
  }

  for (const t of tickets) {
    const policy = policies[t.severity];
    const specs = clockSpecs(t, pauses.get(t.id) ?? [], targets);
    let pageReason: string | null = null;
    let pageWarningId: number | null = null;
    for (const clock of SLA_TARGET_NAMES) {
      for (const w of dueWarnings(specs[clock], calendar, nowMs, policy)) {
        const text = warningText(t, clock, w.threshold, w.deadline, now);
        const fired = await withTransaction(db, async (tx) => {
          const row = await claimSlaWarning(tx, { ticketId: t.id, clock, threshold: w.threshold, firedAt: now, deadline: w.deadline, paged: false });
          if (!row) return null;
          // 1. the assignee's inbox; 2. the board reads the warning rows; 3. paging below.
          if (t.assigneeId) await insertInboxItem(tx, { userId: t.assigneeId, ticketId: t.id, kind: 'sla_warning', text, createdAt: now });
          await insertTicketEvent(tx, {
            ticketId: t.id,
            at: now,
            actorId: null,
            kind: 'sla_warning',
            data: { summary: `SLA warning: ${w.threshold}% of the ${CLOCK_LABELS[clock].toLowerCase()} used, due ${w.deadline.toISOString()}`, clock, threshold: w.threshold, deadline: w.deadline.toISOString() },
          });
          return row;
        });
        if (!fired) continue;
        report.warnings.push(`#${t.id} ${clock} ${w.threshold}`);
        if (policy.pageAt === w.threshold && pageReason === null) {
          pageReason = `${w.threshold}% of the ${CLOCK_LABELS[clock].toLowerCase()} used`;
          pageWarningId = fired.id;
        }
      }
    }
    // The matrix's Sev-1 page, when nobody has acknowledged the ticket by its due time.
    if (pageReason === null && t.severity === 1 && !t.acknowledgedAt && !t.mitigatedAt) {
      const page = ESCALATION_MATRIX[1].find((a) => a.kind === 'page_oncall');
      if (page && page.type === 'once' && dueAt(t.createdAt, page.due, calendar).getTime() <= nowMs) {
        const claimed = await claimSlaWarning(db, { ticketId: t.id, clock: PAGE_CLOCK, threshold: 100, firedAt: now, deadline: dueAt(t.createdAt, page.due, calendar), paged: false });
        if (claimed) {
          pageReason = 'the Sev-1 page is due and nobody has acknowledged the ticket';
          pageWarningId = claimed.id;
        }
      }
    }
    if (pageReason !== null) {
      const parent = parentOf.get(t.id);
      const actionId = parent === undefined ? await autoPage(db, t.id, pageReason, now) : await autoPage(db, parent, `linked ticket #${t.id}: ${pageReason}`, now);
      if (actionId !== null) {
        report.pages.push(actionId);
        if (pageWarningId !== null) await markWarningPaged(db, pageWarningId);
      }
    }
  }
  return report;
}
