import type { Metadata } from 'next';
import Link from 'next/link';
import { listLogLines, logLevels } from '@/db/queries/logs';
import { buttonClass } from '@/components/ui/button';
import { Input } from '@/components/ui/field';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { logFilterQuery, parseLogFilter } from '@/lib/trace-view/log-filter';
import { BundleNav } from '../bundle-nav';
import { loadBundleContext } from '../bundle-context';
import { NotParsed } from '../not-parsed';
import { LogList } from './log-list';

export const metadata: Metadata = { title: 'Logs' };

function timeValue(ms: number | null): string {
  return ms === null ? '' : new Date(ms).toISOString();
}

export default async function BundleLogsPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requirePageUser('bundle:contents');
  const { bundle, ticket, parsed } = await loadBundleContext((await params).id);
  if (!parsed) {
    return (
      <div>
        <BundleNav bundle={bundle} ticket={ticket} current="logs" showContents />
        <NotParsed bundle={bundle} />
      </div>
    );
  }
  const filter = parseLogFilter(await searchParams);
  const db = getDb();
  const levels = await logLevels(db, bundle.id);
  const { total } = await listLogLines(db, {
    bundleId: bundle.id, levels: filter.levels, text: filter.text,
    fromUs: filter.fromMs === null ? undefined : Math.floor(filter.fromMs * 1000),
    toUs: filter.toMs === null ? undefined : Math.ceil(filter.toMs * 1000),
  }, { offset: 0, limit: 1 });
  const all = levels.reduce((n, l) => n + l.n, 0);
  const query = logFilterQuery(filter).toString();
  const base = `/bundles/${encodeURIComponent(bundle.id)}/logs`;
  return (
    <div>
      <BundleNav bundle={bundle} ticket={ticket} current="logs" showContents />
      {all === 0 ? (
        <p className="rounded-md bg-slate-50 p-4 text-sm text-slate-600">This bundle has no log lines (no logs.ndjson, or an empty one).</p>
      ) : (
        <>
          <form method="get" action={base} className="mb-3 flex flex-wrap items-end gap-3 text-sm" aria-label="Filter log lines">
            <fieldset className="flex flex-wrap items-center gap-2">
              <legend className="sr-only">Levels</legend>
              {levels.map((l) => (
                <label key={l.level} className="flex items-center gap-1">
                  <input type="checkbox" name="level" value={l.level} defaultChecked={filter.levels.includes(l.level)} />
                  <span className="uppercase">{l.level}</span> <span className="text-slate-400">({l.n})</span>
                </label>
              ))}
            </fieldset>
            <label className="flex flex-col text-xs text-slate-600">
              Text
              <Input name="q" defaultValue={filter.text} placeholder="in the message" className="w-56" aria-label="Text in the message" />
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              From (UTC)
              <Input name="from" defaultValue={timeValue(filter.fromMs)} placeholder="2026-11-26T21:40:00Z" className="w-56" aria-label="From" />
            </label>
            <label className="flex flex-col text-xs text-slate-600">
              To (UTC)
              <Input name="to" defaultValue={timeValue(filter.toMs)} placeholder="2026-11-26T21:45:00Z" className="w-56" aria-label="To" />
            </label>
            <button type="submit" className={buttonClass('primary', 'sm')}>Filter</button>
            {query && <Link href={base} className={buttonClass('ghost', 'sm')}>Clear</Link>}
          </form>
          <p className="mb-1 text-xs text-slate-500" data-testid="log-count">
            {total === all ? `${all} lines` : `${total} of ${all} lines`}
          </p>
          <LogList key={query} bundleId={bundle.id} query={query} total={total} />
        </>
      )}
    </div>
  );
}
