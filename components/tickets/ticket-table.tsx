import Link from 'next/link';
import type { ReactNode } from 'react';
import { SeverityBadge, StatusBadge } from '@/components/ui/badge';
import { formatAge } from '@/components/ui/time';
import type { TicketListRow } from '@/db/queries/tickets';
import { BULK_FORM, SelectAllTickets } from './bulk-actions';
import { MatchSnippet } from './match-snippet';

export function TicketTable({
  rows,
  sortLinks,
  extra,
  selectable = false,
}: {
  rows: TicketListRow[];
  sortLinks?: Partial<Record<'id' | 'severity' | 'age' | 'updated', string>>;
  extra?: (row: TicketListRow) => ReactNode;
  /** Row checkboxes for the bulk action bar (components/tickets/bulk-actions.tsx). */
  selectable?: boolean;
}) {
  const th = (label: string, key?: keyof NonNullable<typeof sortLinks>) => (
    <th className="px-3 py-2 text-left text-xs font-medium uppercase tracking-wide text-slate-500">
      {key && sortLinks?.[key] ? (
        <Link href={sortLinks[key]!} className="hover:text-slate-900">
          {label} ↕
        </Link>
      ) : (
        label
      )}
    </th>
  );
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-sm">
      <table className="min-w-full divide-y divide-slate-100 text-sm" data-testid="ticket-table">
        <thead className="bg-slate-50">
          <tr>
            {selectable && (
              <th className="w-8 px-3 py-2">
                <SelectAllTickets />
              </th>
            )}
            {th('#', 'id')}
            {th('Sev', 'severity')}
            {th('Status')}
            {th('Customer')}
            {th('Summary')}
            {th('Assignee')}
            {extra && th('SLA')}
            {th('Age', 'age')}
            {th('Updated', 'updated')}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {rows.map((t) => (
            <tr key={t.id} className="hover:bg-slate-50" data-ticket-id={t.id}>
              {selectable && (
                <td className="px-3 py-2">
                  <input type="checkbox" form={BULK_FORM} name="ticketIds" value={t.id} aria-label={`Select ticket #${t.id}`} />
                </td>
              )}
              <td className="px-3 py-2 font-mono text-xs text-slate-500">
                <Link href={`/tickets/${t.id}`} className="hover:text-brand-600">
                  #{t.id}
                </Link>
              </td>
              <td className="px-3 py-2">
                <SeverityBadge severity={t.severity} />
              </td>
              <td className="px-3 py-2">
                <StatusBadge status={t.status} />
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-700">{t.customerName}</td>
              <td className="max-w-md px-3 py-2">
                <Link href={`/tickets/${t.id}`} className="line-clamp-1 font-medium text-slate-900 hover:text-brand-600">
                  {t.summary}
                </Link>
                {t.textMatch && <MatchSnippet ticketId={t.id} match={t.textMatch} />}
              </td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-600">{t.assigneeName || t.assigneeEmail || <span className="text-slate-400">Unassigned</span>}</td>
              {extra && <td className="whitespace-nowrap px-3 py-2">{extra(t)}</td>}
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">{formatAge(t.createdAt)}</td>
              <td className="whitespace-nowrap px-3 py-2 text-slate-500">{formatAge(t.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
