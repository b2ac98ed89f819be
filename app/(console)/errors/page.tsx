import type { Metadata } from 'next';
import { InlineMarkdown } from '@/components/markdown';
import { Card, PageHeader } from '@/components/ui/card';
import { loadErrorCatalogue, type NdrCodeEntry } from '@/lib/bundle/errors-catalogue';
import { errorCodesSeen } from '@/lib/incidents/service';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { SeenLine, SeenOnTickets } from './seen-on-tickets';

export const metadata: Metadata = { title: 'Error catalogue' };

function NdrTable({ title, id, rows }: { title: string; id: string; rows: NdrCodeEntry[] }) {
  return (
    <Card title={title} id={id}>
      <table className="w-full text-sm" data-testid={id}>
        <thead>
          <tr className="text-left text-xs text-slate-500">
            <th className="w-12 pb-1 font-medium">code</th>
            <th className="w-56 pb-1 font-medium">name</th>
            <th className="pb-1 font-medium">meaning</th>
            <th className="pb-1 font-medium">remediation</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.code} id={`${id}-${r.code}`} className="border-t border-slate-100 align-top">
              <td className="py-1.5 font-mono tabular-nums">{r.code}</td>
              <td className="py-1.5 pr-3 font-mono text-xs text-slate-800">{r.name}</td>
              <td className="py-1.5 pr-3 text-slate-700"><InlineMarkdown text={r.meaning} /></td>
              <td className="py-1.5 text-slate-700"><InlineMarkdown text={r.remediation} /></td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

export default async function ErrorsPage() {
  await requirePageUser('errors:read');
  const catalogue = loadErrorCatalogue();
  const families = [...new Set(catalogue.codes.map((c) => c.family))];
  const seen = await errorCodesSeen(getDb());
  return (
    <div className="max-w-5xl">
      <PageHeader title="Error catalogue" subtitle="X400 gateway error codes, X.411 non-delivery codes and bundle problem codes, from docs/errors.md; how many tickets saw each code, and their latest fix or release." />
      <nav aria-label="Families" className="mb-4 flex flex-wrap gap-1.5 text-xs">
        <a href="#seen-on-tickets" className="rounded-md bg-white px-2 py-1 text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">Seen on tickets</a>
        {families.map((f) => (
          <a key={f} href={`#family-${f.replace(/\W+/g, '-').toLowerCase()}`} className="rounded-md bg-white px-2 py-1 text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">
            {f.replace(/\s*\(.*\)$/, '')}
          </a>
        ))}
        <a href="#ndr-reasons" className="rounded-md bg-white px-2 py-1 text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">NDR reasons</a>
        <a href="#ndr-diagnostics" className="rounded-md bg-white px-2 py-1 text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">NDR diagnostics</a>
        {catalogue.problems.length > 0 && <a href="#bundle-problems" className="rounded-md bg-white px-2 py-1 text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50">Bundle problems</a>}
      </nav>
      <div className="space-y-4">
        <SeenOnTickets seen={seen} anchors={new Map(catalogue.codes.map((c) => [c.code, c.anchor]))} />
        {families.map((family) => (
          <Card key={family} title={family} id={`family-${family.replace(/\W+/g, '-').toLowerCase()}`}>
            <div className="divide-y divide-slate-100">
              {catalogue.codes.filter((c) => c.family === family).map((c) => (
                <article key={c.code} id={c.anchor} className="scroll-mt-4 py-2.5 first:pt-0 last:pb-0 target:bg-amber-50" data-testid="error-code">
                  <h3 className="text-sm font-semibold text-slate-900">
                    <a href={`#${c.anchor}`} className="font-mono text-brand-700 hover:underline">{c.code}</a> — <InlineMarkdown text={c.title} />
                  </h3>
                  <dl className="mt-1 grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-2 gap-y-0.5 text-sm">
                    <dt className="text-slate-500">Meaning</dt>
                    <dd className="text-slate-800"><InlineMarkdown text={c.meaning} /></dd>
                    <dt className="text-slate-500">Likely causes</dt>
                    <dd className="text-slate-800"><InlineMarkdown text={c.causes} /></dd>
                    <dt className="text-slate-500">Remediation</dt>
                    <dd className="text-slate-800" data-testid="remediation"><InlineMarkdown text={c.remediation} /></dd>
                  </dl>
                  <SeenLine code={c.code} seen={seen.get(c.code)} />
                </article>
              ))}
            </div>
          </Card>
        ))}
        <NdrTable title="X.411 non-delivery reason codes (x400.ndr.reason)" id="ndr-reasons" rows={catalogue.ndrReasons} />
        <NdrTable title="X.411 non-delivery diagnostic codes (x400.ndr.diagnostic)" id="ndr-diagnostics" rows={catalogue.ndrDiagnostics} />
        {catalogue.problems.length > 0 && (
          <Card title="Bundle problem codes (x400-support inspect)" id="bundle-problems">
            <table className="w-full text-sm">
              <tbody>
                {catalogue.problems.map((p) => (
                  <tr key={p.code} id={p.code} className="border-t border-slate-100 first:border-t-0 align-top">
                    <td className="w-56 py-1.5 font-mono text-xs">{p.code}</td>
                    <td className="py-1.5 text-slate-700"><InlineMarkdown text={p.meaning} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
        )}
      </div>
    </div>
  );
}
