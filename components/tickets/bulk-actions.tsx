'use client';
// Bulk assign / status on the ticket list: the rows' checkboxes (and the select-all box in the
// table's header) belong to the form "bulk-tickets"; the bar sends the checked ids with one
// action, and lists which tickets changed and which were refused, and why.
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { bulkTicketsAction } from '@/app/(console)/tickets/list-actions';
import { Button } from '@/components/ui/button';
import { FormError, Select } from '@/components/ui/field';
import { TICKET_STATUSES } from '@/db/values';
import type { BulkResult } from '@/lib/tickets/bulk';
import { STATUS_LABELS } from '@/lib/tickets/workflow';

export const BULK_FORM = 'bulk-tickets';

function rowBoxes(): HTMLInputElement[] {
  return [...document.querySelectorAll<HTMLInputElement>(`input[type=checkbox][form="${BULK_FORM}"][name="ticketIds"]`)];
}

/** The header checkbox: selects or clears every ticket on this page. */
export function SelectAllTickets() {
  const [state, setState] = useState<'none' | 'some' | 'all'>('none');
  useEffect(() => {
    const sync = () => {
      const boxes = rowBoxes();
      const n = boxes.filter((b) => b.checked).length;
      setState(n === 0 ? 'none' : n === boxes.length ? 'all' : 'some');
    };
    sync();
    document.addEventListener('change', sync);
    return () => document.removeEventListener('change', sync);
  }, []);
  return (
    <input
      type="checkbox"
      aria-label="Select all tickets on this page"
      checked={state === 'all'}
      ref={(el) => {
        if (el) el.indeterminate = state === 'some';
      }}
      onChange={(e) => {
        for (const box of rowBoxes()) box.checked = e.target.checked;
        document.dispatchEvent(new Event('change'));
      }}
    />
  );
}

export function BulkActionBar({ people }: { people: { id: string; label: string }[] }) {
  const router = useRouter();
  const [selected, setSelected] = useState<number[]>([]);
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState('');
  const [confirmClose, setConfirmClose] = useState(false);
  const [result, setResult] = useState<BulkResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  useEffect(() => {
    const sync = () => setSelected(rowBoxes().filter((b) => b.checked).map((b) => Number(b.value)));
    sync();
    document.addEventListener('change', sync);
    return () => document.removeEventListener('change', sync);
  }, []);
  const run = (input: { op: 'assign'; assigneeId: string } | { op: 'status'; status: string }) =>
    start(async () => {
      const res = await bulkTicketsAction({ ...input, ticketIds: selected });
      if (!res.ok) {
        setError(res.error);
        setResult(null);
      } else {
        setError(null);
        setResult(res.data ?? null);
        setConfirmClose(false);
      }
      router.refresh();
    });
  const none = selected.length === 0;
  return (
    <section className="mb-3 rounded-lg border border-slate-200 bg-white p-2 text-sm shadow-sm" aria-label="Bulk actions" data-testid="bulk-actions">
      <form id={BULK_FORM} onSubmit={(e) => e.preventDefault()} className="flex flex-wrap items-center gap-2">
        <span className="min-w-24 text-slate-600" aria-live="polite">
          {selected.length === 0 ? 'None selected' : `${selected.length} selected`}
        </span>
        <Select value={assignee} onChange={(e) => setAssignee(e.target.value)} aria-label="Assign to" className="w-44">
          <option value="">Assign to…</option>
          <option value="-">Nobody (unassign)</option>
          {people.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </Select>
        <Button variant="secondary" size="sm" disabled={none || !assignee || pending} onClick={() => run({ op: 'assign', assigneeId: assignee === '-' ? '' : assignee })}>
          Assign
        </Button>
        <Select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value);
            setConfirmClose(false);
          }}
          aria-label="Set status"
          className="w-44"
        >
          <option value="">Set status…</option>
          {TICKET_STATUSES.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </Select>
        {status === 'closed' && (
          <label className="flex items-center gap-1 text-slate-700">
            <input type="checkbox" checked={confirmClose} onChange={(e) => setConfirmClose(e.target.checked)} />
            Yes, close {selected.length === 1 ? 'this ticket' : `these ${selected.length} tickets`}
          </label>
        )}
        <Button variant="secondary" size="sm" disabled={none || !status || pending || (status === 'closed' && !confirmClose)} onClick={() => run({ op: 'status', status })}>
          Set status
        </Button>
      </form>
      <FormError message={error} />
      {result && (
        <div className="mt-2 space-y-1" role="status" data-testid="bulk-result">
          {result.changed.length > 0 && <p className="text-emerald-700">Changed {result.changed.map((id) => `#${id}`).join(', ')}.</p>}
          {result.refused.length > 0 && (
            <div className="text-red-700">
              <p>
                Refused {result.refused.length} ticket{result.refused.length === 1 ? '' : 's'}:
              </p>
              <ul className="list-disc pl-5">
                {result.refused.map((r) => (
                  <li key={r.ticketId}>
                    #{r.ticketId}: {r.reason}
                  </li>
                ))}
              </ul>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
