// The runbook's Resolution and Post-resolution steps on the ticket: mitigation steps, engineering
// tasks citing bundle IDs, customer notified and confirmation, release tag, learnings.
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Markdown } from '@/components/markdown';
import { ActionForm } from '@/components/ui/action-button';
import { Badge } from '@/components/ui/badge';
import { Card } from '@/components/ui/card';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { Instant, formatInstant } from '@/components/ui/time';
import { findTombstone, listTicketBundles } from '@/db/queries/bundles';
import { listTicketEngineeringTasks } from '@/db/queries/engineering-tasks';
import { SpanCardView } from '@/components/trace/span-card';
import { findSpanLinks, type SpanCard } from '@/lib/trace-view/span-cards';
import type { Ticket } from '@/db/schema';
import { NOTIFY_CHANNELS } from '@/lib/tickets/resolution';
import { getDb } from '@/lib/server/db';
import {
  addTaskAction,
  customerConfirmedAction,
  customerNotifiedAction,
  saveLearningsAction,
  saveMitigationAction,
  tagReleaseAction,
} from './resolution-actions';

const localValue = (d: Date) => d.toISOString().slice(0, 16);

function Step({ title, done, optional, children, testId }: { title: string; done: boolean; optional?: boolean; children: ReactNode; testId: string }) {
  return (
    <section id={testId} className="border-t border-slate-100 py-3 first:border-t-0 first:pt-0 last:pb-0" data-testid={testId} data-done={done}>
      <h3 className="mb-1.5 flex items-center gap-2 text-sm font-semibold text-slate-800">
        <span aria-hidden className={`flex h-4 w-4 items-center justify-center rounded-full text-[10px] ${done ? 'bg-emerald-600 text-white' : 'bg-slate-200 text-slate-500'}`}>
          {done ? '✓' : ''}
        </span>
        {title}
        {optional && <span className="text-xs font-normal text-slate-400">if a fix ships</span>}
      </h3>
      <div className="pl-6">{children}</div>
    </section>
  );
}

function EditToggle({ label, open, children }: { label: string; open: boolean; children: ReactNode }) {
  return (
    <details open={open} className="mt-2">
      <summary className="cursor-pointer select-none text-xs text-brand-600 hover:underline">{label}</summary>
      <div className="mt-2">{children}</div>
    </details>
  );
}

export async function Resolution({ ticket, canWrite, taskSpan = null }: { ticket: Ticket; canWrite: boolean; taskSpan?: string | null }) {
  const db = getDb();
  const tasks = await listTicketEngineeringTasks(db, ticket.id);
  const bundles = await listTicketBundles(db, ticket.id);
  const live = bundles.filter((b) => b.state !== 'purged' && b.state !== 'purging');
  const spanBundle = taskSpan ? (findSpanLinks(taskSpan)[0]?.bundleId.toLowerCase() ?? null) : null;
  const bundleState = new Map(bundles.map((b) => [b.id, b]));
  const isLive = (b: (typeof bundles)[number] | undefined) => b && b.state !== 'purged' && b.state !== 'purging';
  const citedGone = [...new Set(tasks.flatMap((t) => t.bundleIds).filter((id) => !isLive(bundleState.get(id))))];
  const tombstones = new Map(await Promise.all(citedGone.map(async (id) => [id, await findTombstone(db, id)] as const)));
  const citation = (id: string) => {
    const b = bundleState.get(id);
    if (b && b.state !== 'purged' && b.state !== 'purging') {
      return (
        <Link key={id} href={`/bundles/${id}`} className="font-mono text-xs text-brand-600 hover:underline">
          {id}
        </Link>
      );
    }
    const tomb = tombstones.get(id);
    return (
      <span key={id} className="font-mono text-xs text-slate-500" data-testid="purged-citation">
        {id} <span className="font-sans">({tomb ? `purged on ${formatInstant(tomb.purgedAt)}` : 'purged'})</span>
      </span>
    );
  };
  const now = localValue(new Date());

  return (
    <Card title="Resolution" id="resolution">
      <Step title="Mitigation steps" done={!!ticket.mitigationSteps} testId="resolution-mitigation">
        {ticket.mitigationSteps ? <Markdown text={ticket.mitigationSteps} /> : <p className="text-xs text-slate-500">Configuration updates, retries, patches: what was done to stop the impact. Required before “Mitigated”.</p>}
        {canWrite && ticket.status !== 'closed' && (
          <EditToggle label={ticket.mitigationSteps ? 'Edit the mitigation steps' : 'Write the mitigation steps'} open={!ticket.mitigationSteps}>
            <ActionForm action={saveMitigationAction} submitLabel="Save mitigation steps">
              <input type="hidden" name="ticketId" value={ticket.id} />
              <Textarea name="steps" rows={4} defaultValue={ticket.mitigationSteps ?? ''} aria-label="Mitigation steps (Markdown)" placeholder={'1. Restarted the outbound queue worker\n2. Raised `queue.maxRetries` to 8'} className="font-mono text-xs" required />
            </ActionForm>
          </EditToggle>
        )}
      </Step>

      <Step title="Engineering tasks" done={tasks.length > 0} optional testId="resolution-tasks">
        {tasks.length > 0 && (
          <ul className="mb-2 divide-y divide-slate-100 rounded-md ring-1 ring-slate-200" data-testid="engineering-tasks">
            {tasks.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 px-3 py-2 text-sm">
                <span className="font-medium text-slate-900">{t.title}</span>
                {/^https?:\/\//.test(t.link) ? (
                  <a href={t.link} target="_blank" rel="noreferrer noopener" className="text-xs text-brand-600 hover:underline">
                    {t.link.replace(/^https?:\/\//, '').slice(0, 60)}
                  </a>
                ) : (
                  <Badge>{t.link}</Badge>
                )}
                <span className="flex flex-wrap items-center gap-2 text-xs text-slate-500">cites {t.bundleIds.map(citation)}</span>
                <span className="ml-auto text-xs text-slate-400">{t.createdByEmail} · {formatInstant(t.createdAt)}</span>
                {((t.spanCards ?? []) as SpanCard[]).map((card) => (
                  <div key={`${card.bundleId}/${card.spanId}`} className="basis-full">
                    <SpanCardView card={card} />
                  </div>
                ))}
              </li>
            ))}
          </ul>
        )}
        {tasks.length === 0 && <p className="text-xs text-slate-500">When code must change, raise a task that cites the trace bundle ID(s) the engineers should read.</p>}
        {canWrite && ticket.status !== 'closed' && (
          live.length === 0 ? (
            <p className="mt-1 text-xs text-amber-700">Link a bundle to this ticket first: a task must cite one or more of its bundle IDs.</p>
          ) : (
            <EditToggle label="Add an engineering task" open={taskSpan !== null}>
              <ActionForm action={addTaskAction} submitLabel="Create task">
                <input type="hidden" name="ticketId" value={ticket.id} />
                <div className="grid gap-2 sm:grid-cols-2">
                  <Input name="title" aria-label="Task title" placeholder="Title, e.g. Retry outbound on X400-2101" required maxLength={300} />
                  <Input name="link" aria-label="Task link or id" placeholder="https://tracker/… or ENG-1234" required maxLength={2000} />
                </div>
                <Input name="span" aria-label="Span cited (optional)" placeholder="Span link (Copy link in a span's detail), optional" defaultValue={taskSpan ?? ''} maxLength={2000} />
                <fieldset className="space-y-1">
                  <legend className="text-xs font-medium text-slate-700">Cites bundle(s)</legend>
                  {live.map((b) => (
                    <label key={b.id} className="flex items-center gap-2 text-xs">
                      <input type="checkbox" name="bundleIds" value={b.id} defaultChecked={live.length === 1 || b.id === spanBundle} />
                      <span className="font-mono">{b.id}</span>
                      <span className="text-slate-500">{b.fileName}</span>
                    </label>
                  ))}
                </fieldset>
              </ActionForm>
            </EditToggle>
          )
        )}
      </Step>

      <Step title="Customer notified" done={!!ticket.customerNotifiedAt} testId="resolution-notified">
        {ticket.customerNotifiedAt ? (
          <div className="space-y-1 text-sm">
            <p className="text-xs text-slate-500">
              <Instant date={ticket.customerNotifiedAt} /> by {ticket.customerNotifiedVia}
            </p>
            <blockquote className="whitespace-pre-wrap border-l-2 border-slate-200 pl-3 text-slate-700">{ticket.customerNotifiedMessage}</blockquote>
          </div>
        ) : (
          <p className="text-xs text-slate-500">When and how the customer was told, and what they were told.</p>
        )}
        {canWrite && ticket.status !== 'closed' && (
          <EditToggle label={ticket.customerNotifiedAt ? 'Edit' : 'Record the notification'} open={false}>
            <ActionForm action={customerNotifiedAction} submitLabel="Save notification">
              <input type="hidden" name="ticketId" value={ticket.id} />
              <div className="grid gap-2 sm:grid-cols-2">
                <Field label="When (UTC)">
                  <Input name="at" type="datetime-local" defaultValue={ticket.customerNotifiedAt ? localValue(ticket.customerNotifiedAt) : now} aria-label="Notified at (UTC)" required />
                </Field>
                <Field label="How">
                  <Select name="via" defaultValue={ticket.customerNotifiedVia ?? 'email'} aria-label="Notified via">
                    {NOTIFY_CHANNELS.map((c) => (
                      <option key={c} value={c}>{c}</option>
                    ))}
                  </Select>
                </Field>
              </div>
              <Textarea name="message" rows={3} defaultValue={ticket.customerNotifiedMessage ?? ''} aria-label="Message to the customer" placeholder="What the customer was told" required />
            </ActionForm>
          </EditToggle>
        )}
      </Step>

      <Step title="Customer confirmation" done={!!ticket.customerConfirmedAt} testId="resolution-confirmed">
        {ticket.customerConfirmedAt ? (
          <div className="space-y-1 text-sm">
            <p className="text-xs text-slate-500">
              Confirmed <Instant date={ticket.customerConfirmedAt} />
            </p>
            <blockquote className="whitespace-pre-wrap border-l-2 border-emerald-200 pl-3 text-slate-700">{ticket.customerConfirmation}</blockquote>
          </div>
        ) : (
          <p className="text-xs text-slate-500">The customer confirms the service is back. Required before “Resolved”.</p>
        )}
        {canWrite && ticket.status !== 'closed' && ticket.customerNotifiedAt && (
          <EditToggle label={ticket.customerConfirmedAt ? 'Edit' : 'Record the confirmation'} open={false}>
            <ActionForm action={customerConfirmedAction} submitLabel="Save confirmation">
              <input type="hidden" name="ticketId" value={ticket.id} />
              <Field label="When (UTC)">
                <Input name="at" type="datetime-local" defaultValue={ticket.customerConfirmedAt ? localValue(ticket.customerConfirmedAt) : now} aria-label="Confirmed at (UTC)" className="max-w-xs" required />
              </Field>
              <Textarea name="confirmation" rows={2} defaultValue={ticket.customerConfirmation ?? ''} aria-label="Customer confirmation" placeholder="Who confirmed, and what they said" required />
            </ActionForm>
          </EditToggle>
        )}
      </Step>

      <Step title="Release" done={!!ticket.releaseVersion} optional testId="resolution-release">
        {ticket.releaseVersion ? (
          <p className="text-sm">
            Fixed in{' '}
            <Link href={`/tickets?release=${encodeURIComponent(ticket.releaseVersion)}&status=all`} className="font-mono font-medium text-brand-600 hover:underline" data-testid="release-version">
              {ticket.releaseVersion}
            </Link>{' '}
            <span className="text-xs text-slate-500">tagged {ticket.releaseTaggedAt ? formatInstant(ticket.releaseTaggedAt) : ''}</span>
          </p>
        ) : (
          <p className="text-xs text-slate-500">Tag the ticket with the version once the fix is published (semver, e.g. 4.12.1): the CHANGELOG lists a release’s tickets from it.</p>
        )}
        {canWrite && (
          <ActionForm action={tagReleaseAction} submitLabel={ticket.releaseVersion ? 'Retag' : 'Tag release'} variant="secondary" className="mt-2">
            <input type="hidden" name="ticketId" value={ticket.id} />
            <Input name="version" aria-label="Release version" placeholder="4.12.1" className="max-w-[12rem] font-mono" required maxLength={100} />
          </ActionForm>
        )}
      </Step>

      <Step title="Learnings" done={!!ticket.learnings} testId="resolution-learnings">
        {ticket.learnings ? <Markdown text={ticket.learnings} /> : <p className="text-xs text-slate-500">What the team should remember; rolled into the weekly operations report. Required before “Closed”.</p>}
        {canWrite && (
          <EditToggle label={ticket.learnings ? 'Edit the learnings' : 'Capture the learnings'} open={false}>
            <ActionForm action={saveLearningsAction} submitLabel="Save learnings">
              <input type="hidden" name="ticketId" value={ticket.id} />
              <Textarea name="learnings" rows={3} defaultValue={ticket.learnings ?? ''} aria-label="Learnings (Markdown)" required />
            </ActionForm>
          </EditToggle>
        )}
      </Step>
    </Card>
  );
}
