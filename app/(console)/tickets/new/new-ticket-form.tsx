'use client';
import { startTransition, useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FieldErrors, FormError, Input, Textarea } from '@/components/ui/field';
import { COMPONENTS, type Severity } from '@/db/values';
import type { ActionResult } from '@/lib/server/action';
import { REPORTED_AT_MAX_AGE_DAYS } from '@/lib/tickets/input';
import { createTicketAction } from '../actions';

const SEVERITIES = [
  { value: 1, label: 'Sev-1', example: 'Complete message delivery outage', escalation: 'Page on-call, notify stakeholders, hourly updates.' },
  { value: 2, label: 'Sev-2', example: 'Degraded performance (queue backlog, telemetry failures)', escalation: 'Incident commander, status page, twice-daily updates.' },
  { value: 3, label: 'Sev-3', example: 'Non-blocking UI/CLI issues', escalation: 'Next sprint, ETA to the customer.' },
] as const;

/** Each severity's SLA targets in words, as an admin set them on /settings (read by the page). */
export type TargetWords = Record<Severity, { ack: string; mitigate: string }>;

const OLD_MS = REPORTED_AT_MAX_AGE_DAYS * 86_400_000;

export function NewTicketForm({ targets }: { targets: TargetWords }) {
  const [state, formAction, pending] = useActionState<ActionResult<number> | undefined, FormData>(createTicketAction, undefined);
  const [reported, setReported] = useState<string[]>(['']);
  // A reported time this far back is probably a typo: the person confirms it (the server checks again).
  const hasOld = reported.some((v) => v && Date.now() - Date.parse(`${v}:00Z`) > OLD_MS);
  const fieldErrors = state && !state.ok ? state.fieldErrors : undefined;
  const invalid = (name: string) => (fieldErrors?.[name]?.length ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});
  return (
    <form
      action={formAction}
      // Submitting through a transition keeps every typed value and choice when the server refuses
      // (React resets uncontrolled fields after a form action); success navigates away.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
      className="grid max-w-3xl gap-5"
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <Field label="Customer" htmlFor="customerName" errors={fieldErrors?.customerName}>
          <Input id="customerName" name="customerName" {...invalid('customerName')} required maxLength={200} placeholder="Acme Corp" autoFocus />
        </Field>
        <Field label="Customer contact" htmlFor="customerContact" hint="Who to update: name, email or phone." errors={fieldErrors?.customerContact}>
          <Input id="customerContact" name="customerContact" {...invalid('customerContact')} required maxLength={300} placeholder="ops@acme.example" />
        </Field>
      </div>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Severity</legend>
        <div className="grid gap-2 sm:grid-cols-3">
          {SEVERITIES.map((s) => (
            <label key={s.value} className="flex cursor-pointer gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm has-[:checked]:border-brand-500 has-[:checked]:ring-1 has-[:checked]:ring-brand-500">
              <input type="radio" name="severity" value={s.value} required defaultChecked={s.value === 3} className="mt-0.5" />
              <span>
                <span className="font-semibold">{s.label}</span>
                <span className="block text-xs text-slate-600">e.g. {s.example}</span>
                <span className="mt-1 block text-xs text-slate-400" data-testid={`sla-targets-${s.value}`}>
                  {s.escalation} Acknowledge within {targets[s.value].ack}, mitigate within {targets[s.value].mitigate}.
                </span>
              </span>
            </label>
          ))}
        </div>
        <FieldErrors name="severity" errors={fieldErrors?.severity} />
      </fieldset>

      <fieldset>
        <legend className="mb-1 text-xs font-medium text-slate-700">Impacted components</legend>
        <div className="flex flex-wrap gap-2">
          {COMPONENTS.map((c) => (
            <label key={c} className="flex cursor-pointer items-center gap-1.5 rounded-md border border-slate-200 bg-white px-2.5 py-1 text-sm has-[:checked]:border-brand-500 has-[:checked]:bg-brand-50">
              <input type="checkbox" name="components" value={c} />
              {c}
            </label>
          ))}
        </div>
        <FieldErrors name="components" errors={fieldErrors?.components} />
      </fieldset>

      <Field label="Summary" htmlFor="summary" errors={fieldErrors?.summary}>
        <Textarea id="summary" name="summary" {...invalid('summary')} required rows={3} maxLength={2000} placeholder="What the customer sees, since when, how many users" />
      </Field>

      <Field label="When the customer reported the problem (UTC)" hint="Drawn as markers on the snapshot charts and the trace timeline." errors={fieldErrors?.reportedAt}>
        <div className="space-y-2">
          {reported.map((value, i) => (
            <div key={i} className="flex gap-2">
              <Input
                type="datetime-local"
                aria-label={`Reported time ${i + 1}`}
                value={value}
                onChange={(e) => setReported(reported.map((v, j) => (j === i ? e.target.value : v)))}
                className="max-w-xs"
              />
              {value && <input type="hidden" name="reportedAt" value={`${value}:00Z`} />}
              {reported.length > 1 && (
                <Button variant="ghost" size="sm" onClick={() => setReported(reported.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              )}
            </div>
          ))}
          <Button variant="secondary" size="sm" onClick={() => setReported([...reported, ''])}>
            Add another time
          </Button>
          {hasOld && (
            <label className="flex items-center gap-2 text-xs text-amber-800">
              <input type="checkbox" name="confirmOldReportedAt" />
              Yes, the customer reported it more than {REPORTED_AT_MAX_AGE_DAYS} days ago.
            </label>
          )}
        </div>
      </Field>

      {state && !state.ok && <FormError message={fieldErrors ? ['Check the fields marked above.', ...(fieldErrors._form ?? [])].join(' ') : state.error} />}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Opening…' : 'Open ticket'}
        </Button>
      </div>
    </form>
  );
}
