'use client';
// The logs view's virtual list: fixed-height rows, pages of lines fetched as they scroll into view.
// Each line is an element with `data-log-line` (its line number in logs.ndjson) and links to its
// span, or, without span ids, to the trace around its time.
import Link from 'next/link';
import { useCallback, useEffect, useRef, useState } from 'react';
import { formatEpochUs } from '@/components/trace/format';

interface LogRowView {
  seq: number;
  lineNo: number;
  tsUs: number | null;
  level: string;
  msg: string;
  attrs: Record<string, unknown>;
  traceId: string | null;
  spanId: string | null;
}

const ROW = 26;
const PAGE = 200;
const WINDOW_MS = 1000;

const LEVEL_CLASS: Record<string, string> = {
  error: 'text-red-700', fatal: 'text-red-800', critical: 'text-red-800', warn: 'text-amber-700', warning: 'text-amber-700', info: 'text-sky-700', debug: 'text-slate-500',
};

export function LogList({ bundleId, query, total }: { bundleId: string; query: string; total: number }) {
  const [pages, setPages] = useState<Map<number, LogRowView[]>>(new Map());
  const [error, setError] = useState<string | null>(null);
  const [range, setRange] = useState<[number, number]>([0, 40]);
  const loading = useRef(new Set<number>());
  const box = useRef<HTMLDivElement>(null);
  const base = `/bundles/${encodeURIComponent(bundleId)}`;

  const load = useCallback(async (page: number) => {
    if (loading.current.has(page)) return;
    loading.current.add(page);
    try {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/logs?${query}${query ? '&' : ''}offset=${page * PAGE}&limit=${PAGE}`);
      const body = (await res.json()) as { rows?: LogRowView[]; error?: string };
      if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
      setPages((prev) => new Map(prev).set(page, body.rows ?? []));
    } catch (e) {
      loading.current.delete(page);
      setError((e as Error).message);
    }
  }, [bundleId, query]);

  useEffect(() => {
    for (let p = Math.floor(range[0] / PAGE); p <= Math.floor(Math.max(range[0], range[1] - 1) / PAGE); p++) {
      if (p * PAGE < total && !pages.has(p)) void load(p);
    }
  }, [range, pages, total, load]);

  const onScroll = () => {
    const el = box.current;
    if (!el) return;
    const first = Math.floor(el.scrollTop / ROW);
    const count = Math.ceil(el.clientHeight / ROW) + 1;
    setRange([Math.max(0, first - 10), Math.min(total, first + count + 10)]);
  };

  const rows: { index: number; row: LogRowView | undefined }[] = [];
  for (let i = range[0]; i < Math.min(range[1], total); i++) rows.push({ index: i, row: pages.get(Math.floor(i / PAGE))?.[i % PAGE] });

  return (
    <div>
      {error && <p role="alert" className="mb-2 text-sm text-red-700">{error}</p>}
      <div ref={box} onScroll={onScroll} data-testid="log-list" className="relative h-[65vh] overflow-y-auto rounded-md border border-slate-200 bg-white font-mono text-xs" role="list" aria-label="Log lines">
        <div style={{ height: total * ROW }} />
        {rows.map(({ index, row }) => (
          <div
            key={index}
            role="listitem"
            className="absolute left-0 right-0 flex items-center gap-2 border-b border-slate-50 px-2 hover:bg-slate-50"
            style={{ top: index * ROW, height: ROW }}
            {...(row ? { 'data-log-line': row.lineNo, 'data-level': row.level } : {})}
          >
            {row ? (
              <>
                <span className="w-[11.5rem] shrink-0 tabular-nums text-slate-500">{row.tsUs !== null ? formatEpochUs(row.tsUs).replace(' UTC', '') : '—'}</span>
                <span className={`w-12 shrink-0 font-semibold uppercase ${LEVEL_CLASS[row.level] ?? 'text-slate-600'}`}>{row.level}</span>
                <span className="min-w-0 flex-1 truncate text-slate-800" title={row.msg}>{row.msg}</span>
                {row.spanId && row.traceId ? (
                  <Link className="shrink-0 text-brand-700 underline" href={`${base}/trace?span=${row.spanId}&trace=${row.traceId}`} data-testid="log-span-link">
                    span
                  </Link>
                ) : row.tsUs !== null ? (
                  <Link className="shrink-0 text-slate-500 underline" href={`${base}/trace?from=${row.tsUs / 1000 - WINDOW_MS}&to=${row.tsUs / 1000 + WINDOW_MS}`} title="No span ids on this line: the trace around its time">
                    ±1 s
                  </Link>
                ) : null}
              </>
            ) : (
              <span className="text-slate-300">…</span>
            )}
          </div>
        ))}
      </div>
    </div>
  );
}
