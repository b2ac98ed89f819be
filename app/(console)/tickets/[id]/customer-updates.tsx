// The ticket's customer updates: the composer (templates filled from the ticket, checked for
// personal data before sending) and every update written so far with its delivery state.
import { ActionForm } from '@/components/ui/action-button';
import { Badge, type Tone } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Select } from '@/components/ui/field';
import { Instant } from '@/components/ui/time';
import { listTicketCustomerUpdates } from '@/db/queries/customer-updates';
import type { CustomerUpdate, Ticket } from '@/db/schema';
import { customerUpdateDrafts, suggestedSituation } from '@/lib/customer-updates/service';
import { SITUATION_LABELS, type Situation } from '@/lib/customer-updates/templates';
import type { SessionUser } from '@/lib/server/session';
import { config } from '@/lib/env';
import { getDb } from '@/lib/server/db';
import { NOTIFY_CHANNELS } from '@/lib/tickets/resolution';
import { markUpdateSentAction, sendCustomerUpdateAction } from './customer-update-actions';
import { UpdateComposer } from './update-composer';

const STATUS: Record<CustomerUpdate['status'], { label: string; tone: Tone }> = {
  queued: { label: 'Sending by e-mail', tone: 'blue' },
  sent: { label: 'Sent', tone: 'green' },
  failed: { label: 'E-mail failed', tone: 'red' },
  manual: { label: 'To send by hand', tone: 'amber' },
};

export async function CustomerUpdates({ ticket, user, canWrite }: { ticket: Ticket; user: SessionUser; canWrite: boolean }) {
  const db = getDb();
  const updates = await listTicketCustomerUpdates(db, ticket.id);
  const open = canWrite && ticket.status !== 'closed';
  const drafts = open ? await customerUpdateDrafts(db, user, ticket.id) : [];
  const smtp = config().smtp !== null;
  return (
    <Card title="Customer updates" id="customer-updates">
      {open && (
        <details className="mb-3" open={updates.length === 0}>
          <summary className="cursor-pointer select-none text-sm font-medium text-brand-600">Write an update to {ticket.customerName}</summary>
          <div className="mt-2">
            {!smtp && <p className="mb-2 text-xs text-slate-500">No mail server is configured (X400_SMTP_URL): updates are recorded to send by hand, with the text ready to copy.</p>}
            <UpdateComposer ticketId={ticket.id} drafts={drafts} labels={SITUATION_LABELS} initial={suggestedSituation(ticket)} smtp={smtp} action={sendCustomerUpdateAction} />
          </div>
        </details>
      )}
      {updates.length === 0 ? (
        <p className="text-xs text-slate-500">No update has been written yet.</p>
      ) : (
        <ul className="divide-y divide-slate-100" data-testid="customer-update-list">
          {updates.map((u) => (
            <li key={u.id} className="py-2 text-sm" data-testid="customer-update" data-status={u.status}>
              <div className="flex flex-wrap items-center gap-2">
                <span className="font-mono text-xs text-slate-500">#{u.id}</span>
                <span className="font-medium text-slate-900">{SITUATION_LABELS[u.situation as Situation] ?? u.situation}</span>
                <Badge tone={STATUS[u.status].tone}>{STATUS[u.status].label}</Badge>
                <span className="ml-auto text-xs text-slate-400">
                  {u.createdByEmail ?? 'system'} · <Instant date={u.createdAt} />
                  {u.sentAt && (
                    <>
                      {' '}· sent <Instant date={u.sentAt} />
                    </>
                  )}
                </span>
              </div>
              {u.lastError && u.status !== 'sent' && <p className="mt-1 text-xs text-red-700">Last attempt ({u.attempts}): {u.lastError}</p>}
              <details className="mt-1">
                <summary className="cursor-pointer select-none text-xs text-brand-600">{u.subject}</summary>
                <pre className="mt-1 whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-xs text-slate-700">{u.body}</pre>
              </details>
              {open && (u.status === 'manual' || u.status === 'failed') && (
                <ActionForm action={markUpdateSentAction} submitLabel="Mark as sent" variant="secondary" className="mt-2 flex flex-wrap items-end gap-2 space-y-0">
                  <input type="hidden" name="ticketId" value={ticket.id} />
                  <input type="hidden" name="updateId" value={u.id} />
                  <Select name="via" aria-label={`How update #${u.id} was sent`} defaultValue="email">
                    {NOTIFY_CHANNELS.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </Select>
                </ActionForm>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
