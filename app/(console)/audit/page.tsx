import type { Metadata } from 'next';
import Link from 'next/link';
import { Card, EmptyState, PageHeader } from '@/components/ui/card';
import { Input } from '@/components/ui/field';
import { formatInstant } from '@/components/ui/time';
import { listAudit } from '@/db/queries/audit';
import { auditQuery, pageQuery } from '@/lib/http/page-queries';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';

export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('audit:read');
  const { action, before } = pageQuery(auditQuery, await searchParams);
  const entries = await listAudit(getDb(), { action: action?.trim() || undefined, beforeId: before, limit: 100 });
  const last = entries.at(-1);
  return (
    <>
      <PageHeader title="Audit log" subtitle="Append-only: sign-ins, user and role changes, ticket and bundle actions." />
      <form method="get" className="mb-3 flex gap-2">
        <Input name="action" defaultValue={action} placeholder="Filter by action, e.g. auth. or ticket.status" aria-label="Action" className="max-w-sm" />
      </form>
      {entries.length === 0 ? (
        <EmptyState title="No entries" />
      ) : (
        <Card>
          <table className="min-w-full text-sm" data-testid="audit-table">
            <thead>
              <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
                <th className="py-1.5 pr-3">When</th>
                <th className="py-1.5 pr-3">Who</th>
                <th className="py-1.5 pr-3">Action</th>
                <th className="py-1.5 pr-3">Target</th>
                <th className="py-1.5 pr-3">Detail</th>
                <th className="py-1.5">Address</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {entries.map((e) => (
                <tr key={e.id}>
                  <td className="whitespace-nowrap py-1.5 pr-3 tabular-nums text-slate-500">{formatInstant(e.at)}</td>
                  <td className="py-1.5 pr-3">{e.actorEmail ?? 'system'}</td>
                  <td className="py-1.5 pr-3 font-mono text-xs">{e.action}</td>
                  <td className="py-1.5 pr-3">{e.targetType ? `${e.targetType} ${e.targetId ?? ''}` : '—'}</td>
                  <td className="max-w-md truncate py-1.5 pr-3 font-mono text-xs text-slate-600">{e.detail ? JSON.stringify(e.detail) : ''}</td>
                  <td className="py-1.5 text-slate-500">{e.ip ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {entries.length === 100 && last && (
            <Link href={`/audit?${new URLSearchParams({ ...(action ? { action } : {}), before: String(last.id) })}`} className="mt-3 inline-block text-sm text-brand-600 hover:underline">
              Older entries →
            </Link>
          )}
        </Card>
      )}
    </>
  );
}
