'use client';
// The bundle's per-operation statistics (computed once at parse), sortable by any column; a row
// opens the waterfall filtered to that service and operation.
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { formatDuration } from '@/components/trace/format';
import type { OperationStats } from '@/lib/bundle/operations';

const COLUMNS: { key: keyof OperationStats; label: string; numeric: boolean }[] = [
  { key: 'service', label: 'service', numeric: false },
  { key: 'operation', label: 'operation', numeric: false },
  { key: 'count', label: 'spans', numeric: true },
  { key: 'errorSpans', label: 'errors', numeric: true },
  { key: 'p50Us', label: 'p50', numeric: true },
  { key: 'p95Us', label: 'p95', numeric: true },
  { key: 'p99Us', label: 'p99', numeric: true },
  { key: 'maxUs', label: 'max', numeric: true },
  { key: 'selfTimeUs', label: 'self time', numeric: true },
];

export function OperationsTable({ bundleId, operations }: { bundleId: string; operations: OperationStats[] }) {
  const [sort, setSort] = useState<{ key: keyof OperationStats; desc: boolean }>({ key: 'p95Us', desc: true });
  const rows = useMemo(() => {
    const out = [...operations];
    out.sort((a, b) => {
      const x = a[sort.key];
      const y = b[sort.key];
      const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x) < String(y) ? -1 : String(x) > String(y) ? 1 : 0;
      return sort.desc ? -c : c;
    });
    return out;
  }, [operations, sort]);
  const base = `/bundles/${encodeURIComponent(bundleId)}/trace`;
  return (
    <div className="max-h-[28rem] overflow-auto">
      <table className="w-full text-xs" data-testid="operations-table">
        <thead className="sticky top-0 bg-white">
          <tr className="text-left text-slate-500">
            {COLUMNS.map((c) => (
              <th key={c.key} className={`pb-1 font-medium ${c.numeric ? 'text-right' : ''}`} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button type="button" className="hover:text-slate-900" onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.numeric }))}>
                  {c.label}{sort.key === c.key ? (sort.desc ? ' ↓' : ' ↑') : ''}
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((o) => (
            <tr key={`${o.service}\u0000${o.operation}`} className="border-t border-slate-100 hover:bg-slate-50" data-operation={o.operation}>
              <td className="py-0.5 pr-2">{o.service}</td>
              <td className="py-0.5 pr-2 font-mono">
                <Link href={`${base}?service=${encodeURIComponent(o.service)}&op=${encodeURIComponent(o.operation)}`} className="text-brand-700 hover:underline">{o.operation}</Link>
              </td>
              <td className="text-right tabular-nums">{o.count.toLocaleString('en-US')}</td>
              <td className={`text-right tabular-nums ${o.errorSpans ? 'text-red-700' : ''}`}>{o.errorSpans.toLocaleString('en-US')}</td>
              <td className="text-right tabular-nums">{formatDuration(o.p50Us)}</td>
              <td className="text-right tabular-nums">{formatDuration(o.p95Us)}</td>
              <td className="text-right tabular-nums">{formatDuration(o.p99Us)}</td>
              <td className="text-right tabular-nums">{formatDuration(o.maxUs)}</td>
              <td className="text-right tabular-nums">{formatDuration(o.selfTimeUs)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
