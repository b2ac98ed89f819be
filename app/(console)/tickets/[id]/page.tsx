import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { ActionButton, ActionForm } from '@/components/ui/action-button';
import { Badge, SeverityBadge, StatusBadge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Textarea } from '@/components/ui/field';
import { Instant } from '@/components/ui/time';
import { findTicketWithPeople, listTicketEvents } from '@/db/queries/tickets';
import { listUsers } from '@/db/queries/users';
import { can } from '@/lib/auth/roles';
import { allowedNextStatuses, intakeChecklist, statusGuard } from '@/lib/tickets/workflow';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { acknowledgeAction, addNoteAction } from '../actions';
import { findBundle, listRecentFolderJobs, listTicketBundles, listTicketIngestJobs, listTicketTombstones, listUnassignedBundles } from '@/db/queries/bundles';
import { BundlesSection } from './bundles-section';
import { IntakeChecklist } from './checklist';
import { Resolution } from './resolution';
import { CustomerUpdates } from './customer-updates';
import { IncidentReview } from './incident-review';
import { IncidentLinks } from './incident-links';
import { RelatedTickets } from './related-tickets';
import { incidentFamily, relatedTickets } from '@/lib/incidents/service';
import { findReview } from '@/db/queries/reviews';
import { reviewSettled } from '@/lib/reviews/service';
import { EditTicket } from './edit-ticket';
import { SlaClocks } from './sla-clocks';
import { TicketAlerts } from './alerts-section';
import { AssignControl, StatusControl } from './ticket-controls';
import { TicketTimeline } from './timeline';

/** `?taskSpan=<span link>` (from "New task" in a span's detail): prefills a task citing it. */
function taskSpanParam(value: string | string[] | undefined): string | null {
  return typeof value === 'string' && value.length <= 2000 && /^\/bundles\/[0-9a-fA-F-]{36}\/trace\?/.test(value) ? value : null;
}

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Ticket #${(await params).id}` };
}

export default async function TicketPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser('ticket:read');
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const db = getDb();
  const found = await findTicketWithPeople(db, id);
  if (!found) notFound();
  const { ticket } = found;
  const canWrite = can(user.role, 'ticket:write');
  const bundles = await listTicketBundles(db, id);
  const events = await listTicketEvents(db, id);
  const settled = reviewSettled(ticket, await findReview(db, id));
  // Bundles that live on another ticket and were linked here too (see linkBundle).
  const referenced = (await Promise.all(events
    .filter((e) => e.kind === 'bundle_referenced')
    .map((e) => findBundle(db, String((e.data as { bundleId?: string }).bundleId)))))
    .filter((b): b is NonNullable<typeof b> => !!b && b.ticketId !== id);
  // The checklist counts the bundles cited here from another ticket too: they are this ticket's
  // diagnostics as well (consent was confirmed on their own ticket).
  const cited = [...bundles, ...referenced.filter((r, i, all) => all.findIndex((o) => o.id === r.id) === i)];
  const readable = cited.filter((b) => b.valid && b.parseState !== 'failed' && b.state !== 'purged' && b.state !== 'purging');
  const checklist = intakeChecklist(ticket, found, {
    bundles: cited.length,
    bundlesWithConsent: cited.filter((b) => b.consentGranted).length,
    readable: readable.length,
    readableConfirmed: readable.filter((b) => b.consentConfirmedAt).length,
  });
  const family = await incidentFamily(db, id);
  const related = await relatedTickets(db, id);
  const canLink = can(user.role, 'incident:link');
  const people = (await listUsers(db))
    .filter((u) => !u.disabled && u.role !== 'manager')
    .map((u) => ({ id: u.id, label: u.name || u.email }));

  return (
    <div className="space-y-4">
      <header className="flex flex-wrap items-start justify-between gap-3">
        <div className="min-w-0">
          <div className="flex items-center gap-2 text-sm text-slate-500">
            <span className="font-mono">#{ticket.id}</span>
            <SeverityBadge severity={ticket.severity} />
            <StatusBadge status={ticket.status} />
            {ticket.components.map((c) => (
              <Badge key={c}>{c}</Badge>
            ))}
          </div>
          <h1 className="mt-1 text-lg font-semibold text-slate-900" data-testid="ticket-summary">
            {ticket.summary}
          </h1>
          <p className="text-sm text-slate-600">
            {ticket.customerName} · {ticket.customerContact} · opened <Instant date={ticket.createdAt} />
          </p>
        </div>
        {canWrite && !ticket.acknowledgedAt && (
          <ActionButton action={acknowledgeAction} input={{ ticketId: ticket.id }} variant="primary" size="md" testId="acknowledge">
            Acknowledge
          </ActionButton>
        )}
      </header>

      <div className="grid gap-4 lg:grid-cols-[minmax(0,1fr)_20rem]">
        <div className="space-y-4">
          <SlaClocks ticket={ticket} canWrite={canWrite} />
          <TicketAlerts ticket={ticket} />
          <Card title="Intake checklist">
            <IntakeChecklist ticketId={ticket.id} items={checklist} canWrite={canWrite} />
          </Card>
          <Card title="Diagnostic bundles">
            <BundlesSection
              ticketId={ticket.id}
              bundles={bundles}
              referenced={referenced}
              closed={ticket.status === 'closed'}
              failedJobs={(await listTicketIngestJobs(db, id)).filter((j) => j.state === 'failed')}
              tombstones={await listTicketTombstones(db, id)}
              canWrite={canWrite}
              canReadContents={can(user.role, 'bundle:contents')}
              canShare={can(user.role, 'bundle:share')}
              inbox={{
                bundles: (await listUnassignedBundles(db)).map((b) => ({ id: b.id, fileName: b.fileName, receivedAt: b.ingestedAt.toISOString(), consent: b.consentGranted })),
                refused: (await listRecentFolderJobs(db, 10)).filter((j) => j.state === 'failed' && j.source === 'folder').map((j) => ({ id: j.id, fileName: j.fileName, code: j.problemCode, problem: j.problem })),
              }}
            />
          </Card>
          <IncidentLinks ticket={ticket} family={family} canLink={canLink} />
          <RelatedTickets ticket={ticket} related={related} family={family} canLink={canLink} />
          <Resolution ticket={ticket} canWrite={canWrite} taskSpan={taskSpanParam((await searchParams).taskSpan)} />
          <CustomerUpdates ticket={ticket} user={user} canWrite={canWrite} />
          <IncidentReview ticket={ticket} user={user} />
          <Card title="Timeline">
            {canWrite && (
              <ActionForm action={addNoteAction} submitLabel="Add note" className="mb-4">
                <input type="hidden" name="ticketId" value={ticket.id} />
                <Textarea name="text" rows={2} placeholder="Add a note for the team…" aria-label="Note" required maxLength={10000} />
              </ActionForm>
            )}
            <TicketTimeline events={events} />
          </Card>
        </div>
        <aside className="space-y-4">
          <Card title="Details">
            <dl className="space-y-2 text-sm">
              <div>
                <dt className="text-xs text-slate-500">Assignee</dt>
                <dd>{canWrite ? <AssignControl ticketId={ticket.id} assigneeId={ticket.assigneeId} people={people} /> : (found.assignee ?? 'Unassigned')}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Acknowledged</dt>
                <dd data-testid="acknowledged-at">{ticket.acknowledgedAt ? <><Instant date={ticket.acknowledgedAt} /> by {found.acknowledgedBy ?? 'the system'}</> : 'Not yet'}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Incident commander</dt>
                <dd>{found.commander ?? '—'}</dd>
              </div>
              <div>
                <dt className="text-xs text-slate-500">Reported by the customer at</dt>
                <dd>
                  {ticket.reportedAt.length === 0 ? '—' : (
                    <ul>
                      {ticket.reportedAt.map((r) => (
                        <li key={r}>
                          <Instant date={new Date(r)} />
                        </li>
                      ))}
                    </ul>
                  )}
                </dd>
              </div>
            </dl>
          </Card>
          {canWrite && ticket.status !== 'closed' && (
            <Card title="Edit">
              <EditTicket ticket={ticket} />
            </Card>
          )}
          {canWrite && (
            <Card title="Status">
              <StatusControl ticketId={ticket.id} options={allowedNextStatuses(ticket.status).map((status) => ({ status, blocked: statusGuard(ticket, status, { reviewSettled: settled }) }))} />
            </Card>
          )}
        </aside>
      </div>
    </div>
  );
}
