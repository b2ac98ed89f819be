'use client';
// The customer-update composer: pick a situation, edit the filled template, send. A personal-data
// finding comes back as the action's error (category and place only) and the text stays as typed.
import { startTransition, useActionState, useState } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select, Textarea } from '@/components/ui/field';
import type { ActionResult } from '@/lib/server/action';
import type { Situation, UpdateDraft } from '@/lib/customer-updates/templates';

type SendResult = ActionResult<{ updateId: number; status: string; manualText: string | null }>;

export function UpdateComposer({
  ticketId,
  drafts,
  labels,
  initial,
  smtp,
  action,
}: {
  ticketId: number;
  drafts: UpdateDraft[];
  labels: Record<Situation, string>;
  initial: Situation;
  smtp: boolean;
  action: (prev: SendResult | undefined, form: FormData) => Promise<SendResult>;
}) {
  const byName = new Map(drafts.map((d) => [d.situation, d]));
  const [situation, setSituation] = useState<Situation>(initial);
  const [subject, setSubject] = useState(byName.get(initial)?.subject ?? '');
  const [body, setBody] = useState(byName.get(initial)?.body ?? '');
  const [state, formAction, pending] = useActionState(action, undefined);
  const [copied, setCopied] = useState(false);

  const choose = (s: Situation) => {
    setSituation(s);
    setSubject(byName.get(s)?.subject ?? '');
    setBody(byName.get(s)?.body ?? '');
  };
  const sent = state?.ok ? state.data : undefined;

  return (
    <form
      className="space-y-2"
      data-testid="update-composer"
      onSubmit={(e) => {
        e.preventDefault();
        setCopied(false);
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
    >
      <input type="hidden" name="ticketId" value={ticketId} />
      <Field label="Situation" htmlFor="update-situation">
        <Select id="update-situation" name="situation" value={situation} onChange={(e) => choose(e.target.value as Situation)}>
          {drafts.map((d) => (
            <option key={d.situation} value={d.situation}>
              {labels[d.situation]}
            </option>
          ))}
        </Select>
      </Field>
      <Field label="Subject" htmlFor="update-subject">
        <Input id="update-subject" name="subject" value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={200} required />
      </Field>
      <Field label="Message" htmlFor="update-body" hint="Edit before sending. {{confirmationLink}} becomes the customer's single-use confirmation link.">
        <Textarea id="update-body" name="body" rows={12} value={body} onChange={(e) => setBody(e.target.value)} className="font-mono text-xs" required />
      </Field>
      {state && !state.ok && <FormError message={state.error} />}
      {sent && sent.status === 'queued' && <p className="text-xs text-emerald-700" role="status">Update #{sent.updateId} is being sent by e-mail.</p>}
      {sent && sent.status === 'manual' && (
        <div className="space-y-1 rounded-md bg-amber-50 p-2 ring-1 ring-amber-200" data-testid="manual-update">
          <p className="text-xs text-amber-800">Update #{sent.updateId} is recorded to send by hand. Copy it into your mail now{sent.manualText?.includes('/confirm/') ? ': the confirmation link in it is shown only this once' : ''}; then mark it sent below.</p>
          <Textarea readOnly rows={8} value={sent.manualText ?? ''} aria-label="Text to send by hand" className="font-mono text-xs" />
          <Button
            type="button"
            variant="secondary"
            size="sm"
            onClick={() => {
              void navigator.clipboard?.writeText(sent.manualText ?? '').then(() => setCopied(true));
            }}
          >
            {copied ? 'Copied' : 'Copy text'}
          </Button>
        </div>
      )}
      <Button type="submit" size="sm" disabled={pending}>
        {pending ? 'Checking…' : smtp ? 'Send update' : 'Record update to send by hand'}
      </Button>
    </form>
  );
}
