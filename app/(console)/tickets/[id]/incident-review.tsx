// The post-incident review of a Sev-1/2 ticket: the draft written from evidence (or the saved
// text), edited here; completing it (or a lead's waiver) lets the ticket close; action items.
import { ActionButton, ActionForm } from '@/components/ui/action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Input, Textarea } from '@/components/ui/field';
import { Instant } from '@/components/ui/time';
import type { Ticket } from '@/db/schema';
import { can } from '@/lib/auth/roles';
import { needsReview, reviewForTicket } from '@/lib/reviews/service';
import { getDb } from '@/lib/server/db';
import type { SessionUser } from '@/lib/server/session';
import { actionItemDoneAction, addActionItemAction, saveReviewAction, waiveReviewAction } from './review-actions';

export async function IncidentReview({ ticket, user }: { ticket: Ticket; user: SessionUser }) {
  if (!needsReview(ticket)) return null;
  const { review, body, items } = await reviewForTicket(getDb(), user, ticket.id);
  const canWrite = can(user.role, 'ticket:write') && ticket.status !== 'closed';
  const state = review?.completedAt ? <Badge tone="green">Completed</Badge> : review?.waivedAt ? <Badge tone="slate">Waived</Badge> : <Badge tone="amber">{review ? 'Draft saved' : 'Not started'}</Badge>;
  return (
    <Card title="Post-incident review" id="review" actions={state}>
      {review?.waivedAt && (
        <p className="mb-2 text-xs text-slate-600" data-testid="review-waiver">
          Waived <Instant date={review.waivedAt} />: {review.waiverReason}
        </p>
      )}
      {canWrite ? (
        <ActionForm action={saveReviewAction} submitLabel={review?.completedAt ? 'Save review' : 'Save draft'} successMessage="Review saved.">
          <input type="hidden" name="ticketId" value={ticket.id} />
          <Textarea name="body" rows={16} defaultValue={body} aria-label="Review (Markdown)" className="font-mono text-xs" required />
          <label className="flex items-center gap-2 text-xs text-slate-700">
            <input type="checkbox" name="complete" value="1" defaultChecked={!!review?.completedAt} /> The review is complete (the ticket may close)
          </label>
        </ActionForm>
      ) : (
        <pre className="whitespace-pre-wrap rounded bg-slate-50 p-2 font-mono text-xs">{body}</pre>
      )}
      <a href={`/api/tickets/${ticket.id}/review`} className="mt-2 inline-block text-xs text-brand-600 hover:underline">Download as Markdown</a>

      <h3 className="mb-1 mt-4 text-sm font-semibold text-slate-800">Action items</h3>
      {items.length === 0 ? (
        <p className="text-xs text-slate-500">None yet.</p>
      ) : (
        <ul className="space-y-1" data-testid="review-action-items">
          {items.map((i) => (
            <li key={i.id} className="flex flex-wrap items-center gap-2 text-sm" data-done={!!i.doneAt}>
              <span className={i.doneAt ? 'text-slate-400 line-through' : 'text-slate-800'}>{i.title}</span>
              {i.owner && <span className="text-xs text-slate-500">({i.owner})</span>}
              {i.doneAt ? (
                <span className="text-xs text-emerald-700">done <Instant date={i.doneAt} /></span>
              ) : (
                can(user.role, 'ticket:write') && (
                  <ActionButton action={actionItemDoneAction} input={{ ticketId: ticket.id, itemId: i.id }}>
                    Done
                  </ActionButton>
                )
              )}
            </li>
          ))}
        </ul>
      )}
      {canWrite && (
        <ActionForm action={addActionItemAction} submitLabel="Add action item" variant="secondary" className="mt-2">
          <input type="hidden" name="ticketId" value={ticket.id} />
          <div className="grid gap-2 sm:grid-cols-[1fr_12rem]">
            <Input name="title" aria-label="Action item" placeholder="e.g. Alert on queue store free space" required maxLength={300} />
            <Input name="owner" aria-label="Owner" placeholder="Owner (optional)" maxLength={200} />
          </div>
        </ActionForm>
      )}
      {canWrite && can(user.role, 'board:act') && !review?.completedAt && !review?.waivedAt && (
        <details className="mt-4">
          <summary className="cursor-pointer select-none text-xs text-brand-600">Waive the review (lead)</summary>
          <ActionForm action={waiveReviewAction} submitLabel="Record waiver" variant="secondary" className="mt-2">
            <input type="hidden" name="ticketId" value={ticket.id} />
            <Textarea name="reason" rows={2} aria-label="Why no review is needed" required maxLength={2000} />
          </ActionForm>
        </details>
      )}
    </Card>
  );
}
