'use client';
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { ActionForm } from '@/components/ui/action-button';
import { Field, Select, Textarea } from '@/components/ui/field';
import type { TicketStatus } from '@/db/values';
import { STATUS_LABELS } from '@/lib/tickets/workflow';
import { assignAction, changeStatusAction, reopenAction } from '../actions';

const reopenFormAction = (prev: unknown, form: FormData) => reopenAction(prev, form);

export function AssignControl({ ticketId, assigneeId, people }: { ticketId: number; assigneeId: string | null; people: { id: string; label: string }[] }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <div>
      <Select
        aria-label="Assignee"
        value={assigneeId ?? ''}
        disabled={pending}
        onChange={(e) => {
          const value = e.target.value;
          start(async () => {
            const result = await assignAction({ ticketId, assigneeId: value });
            setError(result.ok ? null : result.error);
          });
        }}
      >
        <option value="">Unassigned</option>
        {people.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label}
          </option>
        ))}
      </Select>
      {error && <p role="alert" className="mt-1 text-xs text-red-600">{error}</p>}
    </div>
  );
}

export function StatusControl({ ticketId, options }: { ticketId: number; options: { status: TicketStatus; blocked: string | null }[] }) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  if (options.length === 0) {
    return (
      <div className="space-y-2">
        <p className="text-xs text-slate-500">Closed. Reopening needs a reason; it goes on the timeline and in the audit log.</p>
        <ActionForm action={reopenFormAction} submitLabel="Reopen ticket" variant="secondary">
          <input type="hidden" name="ticketId" value={ticketId} />
          <Field label="Why reopen it?" htmlFor={`reopen-reason-${ticketId}`}>
            <Textarea id={`reopen-reason-${ticketId}`} name="reason" rows={2} required maxLength={2000} />
          </Field>
        </ActionForm>
      </div>
    );
  }
  return (
    <div className="space-y-1.5">
      <div className="flex flex-wrap gap-1.5">
        {options.map((o) => (
          <Button
            key={o.status}
            size="sm"
            variant="secondary"
            disabled={pending}
            title={o.blocked ?? undefined}
            data-testid={`status-${o.status}`}
            onClick={() => {
              if (o.status === 'closed' && !o.blocked && !window.confirm(`Close ticket #${ticketId}? A closed ticket takes no new bundles; reopening it needs a reason.`)) return;
              start(async () => {
                const result = await changeStatusAction({ ticketId, status: o.status });
                setError(result.ok ? null : result.error);
              });
            }}
          >
            {STATUS_LABELS[o.status]}
            {o.blocked && <span aria-hidden className="text-amber-600">•</span>}
          </Button>
        ))}
      </div>
      {options.filter((o) => o.blocked).map((o) => (
        <p key={o.status} className="text-xs text-slate-500">{STATUS_LABELS[o.status]}: {o.blocked}</p>
      ))}
      {error && <p role="alert" className="text-xs text-red-600">{error}</p>}
    </div>
  );
}
