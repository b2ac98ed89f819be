'use client';
// The selected span's detail, fetched by position: status, error code with its remediation,
// X.411 NDR codes by name, attributes (personal data already masked at parse), events, links.
// Everything is rendered as text.
import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { spanLink } from '@/lib/trace-view/url-state';
import { InlineMarkdown } from '@/components/markdown';
import { FLAG_ORPHAN, FLAG_SKEW, type Skeleton } from '@/lib/trace-view/skeleton';
import type { SpanDetail } from '@/lib/trace-view/store';
import { formatDuration, formatEpochUs, serviceColor } from './format';

interface DetailResponse {
  span: SpanDetail;
  errorCode: { code: string; title: string | null; remediation: string | null; known: boolean } | null;
  ndr: { reason: { code: number; name: string | null } | null; diagnostic: { code: number; name: string | null } | null };
  logs: { lineNo: number; tsUs: number | null; level: string; msg: string }[];
  /** `span`: the lines name this span; `time-window`: none does, these name no span and fall in its time. */
  logsMatch: 'span' | 'time-window';
}

function show(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}

export function SpanDetailPanel({ bundleId, ticketId = null, sk, pos, critical, onClose }: { bundleId: string; ticketId?: number | null; sk: Skeleton; pos: number; critical: boolean; onClose: () => void }) {
  const { data, error, isPending } = useQuery({
    queryKey: ['bundle-span', bundleId, pos],
    queryFn: async (): Promise<DetailResponse> => {
      const res = await fetch(`/api/bundles/${encodeURIComponent(bundleId)}/spans/${pos}`);
      if (!res.ok) throw new Error(((await res.json().catch(() => ({}))) as { error?: string }).error ?? `HTTP ${res.status}`);
      return res.json();
    },
    staleTime: Infinity,
  });
  const flags = sk.flags[pos];
  const [copied, setCopied] = useState(false);
  const link = data ? spanLink(typeof window === 'undefined' ? '' : window.location.origin, bundleId, data.span.traceId, data.span.spanId) : null;
  const copy = async () => {
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      window.prompt('Copy this link', link);
    }
  };
  return (
    <aside data-testid="span-detail" aria-label="Span detail" className="flex w-[400px] shrink-0 flex-col overflow-hidden border-l border-slate-200 bg-white">
      <header className="flex items-start justify-between gap-2 border-b border-slate-100 px-3 py-2">
        <div className="min-w-0">
          <div className="flex items-center gap-1.5 text-xs text-slate-500">
            <span aria-hidden className="h-2.5 w-2.5 rounded-sm" style={{ background: serviceColor(sk.service[pos]) }} />
            {sk.services[sk.service[pos]]}
          </div>
          <h2 className="break-words text-sm font-semibold text-slate-900" data-testid="span-detail-name">
            {sk.names[sk.name[pos]]}
          </h2>
        </div>
        <div className="flex shrink-0 items-center gap-1">
        {link && (
          <a href={link} onClick={(e) => { e.preventDefault(); void copy(); }} data-testid="copy-span-link" title="Copy a link to this span (paste it in a note or a task)" className="rounded px-1.5 text-xs text-brand-700 ring-1 ring-inset ring-brand-500/40 hover:bg-brand-50">
            {copied ? 'Copied' : 'Copy link'}
          </a>
        )}
        {data && ticketId !== null && (
          <Link
            href={`/tickets/${ticketId}?taskSpan=${encodeURIComponent(spanLink('', bundleId, data.span.traceId, data.span.spanId))}#resolution-tasks`}
            data-testid="task-from-span"
            title="Raise an engineering task on this bundle's ticket that cites this span"
            className="rounded px-1.5 text-xs text-brand-700 ring-1 ring-inset ring-brand-500/40 hover:bg-brand-50"
          >
            New task
          </Link>
        )}
        <button type="button" onClick={onClose} aria-label="Close span detail" className="rounded px-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-700">
          ✕
        </button>
        </div>
      </header>
      <div className="min-h-0 flex-1 space-y-3 overflow-y-auto px-3 py-2 text-xs">
        {isPending && <p className="text-slate-500">Loading span…</p>}
        {error && <p role="alert" className="text-red-700">{(error as Error).message}</p>}
        {data && (
          <>
            <dl className="grid grid-cols-[7rem_minmax(0,1fr)] gap-x-2 gap-y-1">
              <dt className="text-slate-500">Status</dt>
              <dd>
                {data.span.error ? <span className="font-semibold text-red-700">error</span> : <span className="text-emerald-700">ok</span>}
                {data.span.statusMessage ? <span className="text-slate-700"> · {data.span.statusMessage}</span> : null}
              </dd>
              <dt className="text-slate-500">Duration</dt>
              <dd className="tabular-nums">{formatDuration(data.span.durationUs)}</dd>
              <dt className="text-slate-500">Start</dt>
              <dd className="tabular-nums">{data.span.startUs > 0 ? formatEpochUs(data.span.startUs) : 'no timestamp'}</dd>
              <dt className="text-slate-500">Kind</dt>
              <dd>{data.span.kind}</dd>
              <dt className="text-slate-500">Span id</dt>
              <dd className="break-all font-mono">{data.span.spanId}</dd>
              <dt className="text-slate-500">Parent</dt>
              <dd className="break-all font-mono">
                {data.span.parentSpanId ?? '—'}
                {flags & FLAG_ORPHAN ? <span className="ml-1 font-sans text-amber-700">(not in this bundle)</span> : null}
              </dd>
              <dt className="text-slate-500">Trace id</dt>
              <dd className="break-all font-mono">{data.span.traceId}</dd>
            </dl>
            <div className="flex flex-wrap gap-1">
              {critical && <span className="rounded bg-slate-800 px-1.5 py-0.5 text-[10px] font-medium text-white">on critical path</span>}
              {flags & FLAG_SKEW ? <span className="rounded bg-amber-100 px-1.5 py-0.5 text-[10px] font-medium text-amber-800">clock skew against its parent</span> : null}
            </div>

            {data.errorCode && (
              <section data-testid="span-error-code" className="rounded-md bg-red-50 p-2 ring-1 ring-inset ring-red-200">
                <div className="font-semibold text-red-800">
                  x400.error.code{' '}
                  <Link href={`/errors#${encodeURIComponent(data.errorCode.code)}`} className="font-mono underline hover:text-red-950">
                    {data.errorCode.code}
                  </Link>
                  {data.errorCode.title ? ` — ${data.errorCode.title}` : ''}
                </div>
                {data.errorCode.remediation ? (
                  <p className="mt-1 text-red-900">
                    <span className="font-medium">Remediation: </span>
                    <InlineMarkdown text={data.errorCode.remediation} />
                  </p>
                ) : (
                  <p className="mt-1 text-red-900">Not in the error catalogue.</p>
                )}
              </section>
            )}
            {(data.ndr.reason || data.ndr.diagnostic) && (
              <section data-testid="span-ndr" className="rounded-md bg-amber-50 p-2 ring-1 ring-inset ring-amber-200">
                <div className="mb-1 font-semibold text-amber-900">X.411 non-delivery</div>
                {data.ndr.reason && (
                  <div>
                    reason <span className="font-mono">{data.ndr.reason.code}</span> <span className="font-medium">{data.ndr.reason.name ?? 'unknown code'}</span>
                  </div>
                )}
                {data.ndr.diagnostic && (
                  <div>
                    diagnostic <span className="font-mono">{data.ndr.diagnostic.code}</span> <span className="font-medium">{data.ndr.diagnostic.name ?? 'unknown code'}</span>
                  </div>
                )}
              </section>
            )}

            <section data-testid="span-logs">
              <h3 className="mb-1 font-semibold text-slate-700">
                Logs ({data.logs.length === 100 ? '100+' : data.logs.length}){' '}
                {data.logs.length > 0 && (
                  <Link href={`/bundles/${encodeURIComponent(bundleId)}/logs?from=${data.span.startUs / 1000}&to=${(data.span.startUs + data.span.durationUs) / 1000}`} className="font-normal text-brand-700 underline">
                    all lines in its time
                  </Link>
                )}
              </h3>
              {data.logsMatch === 'time-window' && data.logs.length > 0 && (
                <p className="mb-1 text-amber-700" data-testid="span-logs-time-window">
                  No log line names this span (no trace_id / span_id): these are the unlinked lines written during its time window.
                </p>
              )}
              {data.logs.length === 0 && <p className="text-slate-400">No log line names this span, and none falls in its time window.</p>}
              <ul className="space-y-0.5 font-mono text-[11px]">
                {data.logs.map((l) => (
                  <li key={l.lineNo} data-log-line={l.lineNo} className="break-words">
                    <span className="text-slate-500">{l.tsUs !== null && data.span.startUs > 0 ? `+${formatDuration(l.tsUs - data.span.startUs)}` : ''}</span>{' '}
                    <span className={`font-semibold uppercase ${l.level === 'error' ? 'text-red-700' : l.level.startsWith('warn') ? 'text-amber-700' : 'text-slate-600'}`}>{l.level}</span> {l.msg}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3 className="mb-1 font-semibold text-slate-700">Attributes ({Object.keys(data.span.attributes).length})</h3>
              <table className="w-full table-fixed">
                <tbody>
                  {Object.entries(data.span.attributes).map(([k, v]) => (
                    <tr key={k} className="border-t border-slate-100 align-top">
                      <td className="w-2/5 break-all py-0.5 pr-2 font-mono text-slate-500">{k}</td>
                      <td className={`break-all py-0.5 font-mono ${show(v).startsWith('[redacted:') ? 'text-violet-700' : 'text-slate-800'}`}>{show(v)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </section>
            <section>
              <h3 className="mb-1 font-semibold text-slate-700">Events ({data.span.events.length})</h3>
              {data.span.events.length === 0 && <p className="text-slate-400">None.</p>}
              <ul className="space-y-1.5">
                {data.span.events.map((ev, i) => (
                  <li key={i} className="rounded border border-slate-100 p-1.5">
                    <div className="flex justify-between gap-2">
                      <span className="font-medium text-slate-800">{ev.name}</span>
                      <span className="tabular-nums text-slate-500">+{formatDuration(ev.timeUs - data.span.startUs)}</span>
                    </div>
                    {Object.entries(ev.attributes).map(([k, v]) => (
                      <div key={k} className="break-all font-mono text-[11px]">
                        <span className="text-slate-500">{k}</span> {show(v)}
                      </div>
                    ))}
                  </li>
                ))}
              </ul>
            </section>
            <section>
              <h3 className="mb-1 font-semibold text-slate-700">Links ({data.span.links.length})</h3>
              {data.span.links.length === 0 && <p className="text-slate-400">None.</p>}
              <ul className="space-y-1">
                {data.span.links.map((l, i) => (
                  <li key={i} className="break-all font-mono text-[11px]">
                    {l.traceId}/{l.spanId}
                    {Object.entries(l.attributes).map(([k, v]) => (
                      <span key={k} className="ml-1 text-slate-500">
                        {k}={show(v)}
                      </span>
                    ))}
                  </li>
                ))}
              </ul>
            </section>
          </>
        )}
      </div>
    </aside>
  );
}
