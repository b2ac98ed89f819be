'use client';
// Edit the intake fields after creation (severity, components, contact, summary, reported
// times): each change goes on the timeline and in the audit log; a severity change re-targets
// the SLA clocks.
import { ActionForm } from '@/components/ui/action-button';
import { Field, Input, Textarea } from '@/components/ui/field';
import type { Ticket } from '@/db/schema';
import { COMPONENTS } from '@/db/values';
import { updateTicketAction } from '../actions';

const utc = (iso: string) => new Date(iso).toISOString().slice(0, 16).replace('T', ' ');

export function EditTicket({ ticket }: { ticket: Pick<Ticket, 'id' | 'severity' | 'components' | 'customerContact' | 'summary' | 'reportedAt'> }) {
  const id = (name: string) => `edit-${name}-${ticket.id}`;
  return (
    <details className="text-sm" data-testid="edit-ticket">
      <summary className="cursor-pointer select-none text-xs font-medium text-brand-600 hover:underline">Edit ticket fields…</summary>
      <ActionForm action={updateTicketAction} submitLabel="Save changes" className="mt-2" successMessage="Saved.">
        <input type="hidden" name="ticketId" value={ticket.id} />
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-slate-700">Severity</legend>
          <div className="flex gap-3">
            {[1, 2, 3].map((s) => (
              <label key={s} className="flex items-center gap-1 text-sm">
                <input type="radio" name="severity" value={s} defaultChecked={ticket.severity === s} /> Sev-{s}
              </label>
            ))}
          </div>
          <p className="mt-0.5 text-xs text-slate-500">A new severity re-targets the running SLA clocks from the ticket&apos;s opening.</p>
        </fieldset>
        <fieldset>
          <legend className="mb-1 text-xs font-medium text-slate-700">Impacted components</legend>
          <div className="flex flex-wrap gap-x-3 gap-y-1">
            {COMPONENTS.map((c) => (
              <label key={c} className="flex items-center gap-1 text-sm">
                <input type="checkbox" name="components" value={c} defaultChecked={ticket.components.includes(c)} /> {c}
              </label>
            ))}
          </div>
        </fieldset>
        <Field label="Customer contact" htmlFor={id('contact')}>
          <Input id={id('contact')} name="customerContact" defaultValue={ticket.customerContact} required maxLength={300} />
        </Field>
        <Field label="Summary" htmlFor={id('summary')}>
          <Textarea id={id('summary')} name="summary" defaultValue={ticket.summary} rows={3} required maxLength={2000} />
        </Field>
        <Field label="Reported times (UTC, one per line)" htmlFor={id('reported')} hint="e.g. 2026-11-26 21:40">
          <Textarea id={id('reported')} name="reportedAt" defaultValue={ticket.reportedAt.map(utc).join('\n')} rows={2} className="font-mono text-xs" />
        </Field>
        <label className="flex items-center gap-2 text-xs text-slate-600">
          <input type="checkbox" name="confirmOldReportedAt" /> A reported time is more than 30 days before the ticket, and that is right.
        </label>
      </ActionForm>
    </details>
  );
}
