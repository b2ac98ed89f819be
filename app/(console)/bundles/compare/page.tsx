// Compare two parsed bundles (e.g. last week's healthy one with today's): operations side by side,
// error codes that appeared, vanished or changed, and snapshot measures overlaid on one axis.
import type { Metadata } from 'next';
import Link from 'next/link';
import { CompareChart } from '@/components/charts/compare-chart';
import { Card } from '@/components/ui/card';
import { formatDuration } from '@/components/trace/format';
import { findBundle } from '@/db/queries/bundles';
import { listBundleSeries } from '@/db/queries/series';
import type { Bundle } from '@/db/schema';
import { compareBundles } from '@/lib/bundle/compare';
import type { BundleMetrics } from '@/lib/bundle/metrics';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { OVERLAY_MEASURES, overlaySeries, type OverlayMeasure } from '@/lib/trace-view/compare-series';

export const metadata: Metadata = { title: 'Compare bundles' };

type Search = Record<string, string | string[] | undefined>;

function one(v: string | string[] | undefined): string {
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}

function Problem({ children }: { children: React.ReactNode }) {
  return <p role="alert" className="rounded-md bg-amber-50 p-4 text-sm text-amber-900 ring-1 ring-inset ring-amber-200">{children}</p>;
}

function delta(a: number, b: number): string {
  if (a === b) return '';
  if (a === 0) return 'new';
  const pct = ((b - a) / a) * 100;
  return `${pct > 0 ? '+' : ''}${pct.toFixed(0)}%`;
}

export default async function CompareBundlesPage({ searchParams }: { searchParams: Promise<Search> }) {
  await requirePageUser('bundle:contents');
  const q = await searchParams;
  const db = getDb();
  const ids = { base: one(q.base), other: one(q.other) };
  const measure = (OVERLAY_MEASURES.find((m) => m.key === one(q.measure))?.key ?? 'queue.depth') as OverlayMeasure;
  const load = async (id: string): Promise<Bundle | string> => {
    if (!id) return 'is missing';
    const b = await findBundle(db, id);
    if (!b) return `${id} does not exist`;
    if (b.parseState !== 'parsed' || !b.consentConfirmedAt) return `${id} is not parsed (${b.parseState}): its contents cannot be compared`;
    return b;
  };
  const base = await load(ids.base);
  const other = await load(ids.other);
  if (typeof base === 'string' || typeof other === 'string') {
    return (
      <div className="space-y-3">
        <h1 className="text-lg font-semibold text-slate-900">Compare bundles</h1>
        <Problem>
          {typeof base === 'string' && <>The base bundle {base}. </>}
          {typeof other === 'string' && <>The other bundle {other}. </>}
          Open this page from a ticket with two parsed bundles, or give <code>?base=&lt;id&gt;&amp;other=&lt;id&gt;</code>.
        </Problem>
      </div>
    );
  }
  const metricsOf = (b: Bundle) => ((b.report ?? {}) as { metrics?: Partial<BundleMetrics> }).metrics ?? {};
  const c = compareBundles(
    { bundleId: base.id, metrics: { operations: metricsOf(base).operations ?? [], errorCodes: metricsOf(base).errorCodes ?? {} } },
    { bundleId: other.id, metrics: { operations: metricsOf(other).operations ?? [], errorCodes: metricsOf(other).errorCodes ?? {} } },
  );
  const [baseSeries, otherSeries] = await Promise.all([listBundleSeries(db, base.id), listBundleSeries(db, other.id)]);
  const overlay = overlaySeries(measure, baseSeries, otherSeries);
  const unit = OVERLAY_MEASURES.find((m) => m.key === measure)!.unit;
  const here = (m: OverlayMeasure) => `/bundles/compare?base=${encodeURIComponent(base.id)}&other=${encodeURIComponent(other.id)}&measure=${m}`;
  const label = (b: Bundle) => `${b.fileName}`;

  return (
    <div className="space-y-4">
      <div>
        <h1 className="text-lg font-semibold text-slate-900">Compare bundles</h1>
        <dl className="mt-1 grid grid-cols-[4rem_minmax(0,1fr)] gap-x-2 text-sm">
          <dt className="text-slate-500">Base</dt>
          <dd><Link className="font-mono text-brand-700 hover:underline" href={`/bundles/${encodeURIComponent(base.id)}`}>{base.fileName}</Link> <span className="text-xs text-slate-500">{base.id}</span></dd>
          <dt className="text-slate-500">Other</dt>
          <dd><Link className="font-mono text-brand-700 hover:underline" href={`/bundles/${encodeURIComponent(other.id)}`}>{other.fileName}</Link> <span className="text-xs text-slate-500">{other.id}</span></dd>
        </dl>
        <Link href={`/bundles/compare?base=${encodeURIComponent(other.id)}&other=${encodeURIComponent(base.id)}&measure=${measure}`} className="text-xs text-brand-700 underline">Swap sides</Link>
      </div>

      <Card title="Error codes">
        <div className="grid gap-3 text-sm sm:grid-cols-3">
          <div data-testid="codes-appeared">
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-red-700">Appeared</h3>
            {c.errorCodes.appeared.length === 0 ? <p className="text-slate-400">None.</p> : (
              <ul>{c.errorCodes.appeared.map((code) => <li key={code}><Link href={`/errors#${encodeURIComponent(code)}`} className="font-mono text-red-700 hover:underline">{code}</Link></li>)}</ul>
            )}
          </div>
          <div data-testid="codes-vanished">
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-emerald-700">Vanished</h3>
            {c.errorCodes.vanished.length === 0 ? <p className="text-slate-400">None.</p> : (
              <ul>{c.errorCodes.vanished.map((code) => <li key={code} className="font-mono">{code}</li>)}</ul>
            )}
          </div>
          <div data-testid="codes-changed">
            <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Changed</h3>
            {c.errorCodes.changed.length === 0 ? <p className="text-slate-400">None.</p> : (
              <ul>{c.errorCodes.changed.map((x) => <li key={x.code} className="font-mono">{x.code} <span className="tabular-nums">{x.base} → {x.other}</span></li>)}</ul>
            )}
          </div>
        </div>
      </Card>

      <Card title={`Operations (${c.operations.length})`}>
        {c.operations.length === 0 ? <p className="text-sm text-slate-500">Neither bundle has per-operation statistics (parsed before they existed, or no spans).</p> : (
          <div className="max-h-[32rem] overflow-auto">
            <table className="w-full text-xs" data-testid="compare-operations">
              <thead className="sticky top-0 bg-white">
                <tr className="text-left text-slate-500">
                  <th className="pb-1 font-medium">service</th><th className="pb-1 font-medium">operation</th>
                  <th className="pb-1 text-right font-medium">spans</th><th className="pb-1 text-right font-medium">errors</th><th className="pb-1 text-right font-medium">p95</th><th className="pb-1 text-right font-medium">p95 change</th>
                </tr>
              </thead>
              <tbody>
                {c.operations.map((o) => (
                  <tr key={`${o.service}\u0000${o.operation}`} className="border-t border-slate-100">
                    <td className="py-0.5 pr-2">{o.service}</td>
                    <td className="py-0.5 pr-2 font-mono">{o.operation}</td>
                    <td className="text-right tabular-nums">{o.base.count} → {o.other.count}</td>
                    <td className={`text-right tabular-nums ${o.other.errorSpans > o.base.errorSpans ? 'text-red-700' : ''}`}>{o.base.errorSpans} → {o.other.errorSpans}</td>
                    <td className="text-right tabular-nums">{o.base.count ? formatDuration(o.base.p95Us) : '—'} → {o.other.count ? formatDuration(o.other.p95Us) : '—'}</td>
                    <td className={`text-right tabular-nums ${o.other.p95Us > o.base.p95Us * 1.2 && o.base.count ? 'text-red-700' : ''}`}>{o.base.count && o.other.count ? delta(o.base.p95Us, o.other.p95Us) : ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>

      <Card title="Snapshots overlaid (time since each snapshot's start)">
        <nav aria-label="Measure" className="mb-2 flex flex-wrap gap-1 text-xs">
          {OVERLAY_MEASURES.map((m) => (
            <Link key={m.key} href={here(m.key)} aria-current={m.key === measure ? 'page' : undefined} className={`rounded-md px-2 py-1 ring-1 ring-inset ${m.key === measure ? 'bg-brand-50 text-brand-800 ring-brand-500/40' : 'text-slate-600 ring-slate-300 hover:bg-slate-50'}`}>
              {m.label}
            </Link>
          ))}
        </nav>
        <CompareChart rows={overlay.rows} unit={unit} baseLabel={`base · ${label(base)}`} otherLabel={`other · ${label(other)}`} />
      </Card>
    </div>
  );
}
