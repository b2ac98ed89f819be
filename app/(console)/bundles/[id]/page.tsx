import type { Metadata } from 'next';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Badge, type Tone } from '@/components/ui/badge';
import { buttonClass } from '@/components/ui/button';
import { Card } from '@/components/ui/card';
import { formatBytes } from '@/components/ui/format';
import { Instant } from '@/components/ui/time';
import { formatDuration } from '@/components/trace/format';
import { listFindings } from '@/db/queries/bundles';
import { countFindingsByGroup } from '@/db/queries/findings';
import type { Bundle } from '@/db/schema';
import { can } from '@/lib/auth/roles';
import type { BundleMetrics } from '@/lib/bundle/metrics';
import type { LogsSummary } from '@/lib/bundle/logs';
import { OperationsTable } from './operations-table';
import { tryLoadErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import { getDb } from '@/lib/server/db';
import { config } from '@/lib/env';
import { retentionPolicy, retentionStatus } from '@/lib/purge/service';
import { requirePageUser } from '@/lib/server/session';
import { BundleNav } from './bundle-nav';
import { loadBundleContext } from './bundle-context';
import { NotParsed } from './not-parsed';

export const metadata: Metadata = { title: 'Bundle' };

const PARSE_TONE: Record<Bundle['parseState'], Tone> = { pending: 'slate', parsing: 'blue', parsed: 'green', failed: 'red' };
const STATE_TONE: Record<Bundle['state'], Tone> = { quarantined: 'amber', active: 'green', purging: 'red', purged: 'slate' };

function Row({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <dt className="text-slate-500">{label}</dt>
      <dd className="min-w-0 text-slate-900">{children}</dd>
    </>
  );
}

function Stat({ label, value, tone }: { label: string; value: ReactNode; tone?: 'red' }) {
  return (
    <div className="rounded-md border border-slate-200 px-3 py-2">
      <div className="text-[11px] font-medium uppercase tracking-wide text-slate-500">{label}</div>
      <div className={`mt-0.5 text-lg font-semibold tabular-nums ${tone === 'red' ? 'text-red-700' : 'text-slate-900'}`}>{value}</div>
    </div>
  );
}

export default async function BundleSummaryPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requirePageUser('ticket:read');
  const { bundle, ticket, reported, parsed } = await loadBundleContext((await params).id);
  const contents = can(user.role, 'bundle:contents');
  const retention = retentionStatus(bundle, await retentionPolicy(getDb(), config().quarantineDays));

  if (!contents) {
    return (
      <div className="max-w-3xl">
        <BundleNav bundle={bundle} ticket={ticket} current="summary" showContents={false} />
        <Card title="Bundle">
          <dl className="grid grid-cols-[9rem_minmax(0,1fr)] gap-x-3 gap-y-1.5 text-sm">
            <Row label="Bundle id"><span className="font-mono">{bundle.id}</span></Row>
            <Row label="Ticket">{ticket ? <Link href={`/tickets/${ticket.id}`} className="text-brand-700 hover:underline">#{ticket.id}</Link> : 'unassigned'}</Row>
            <Row label="State"><Badge tone={STATE_TONE[bundle.state]}>{bundle.state}</Badge> <Badge tone={PARSE_TONE[bundle.parseState]}>{bundle.parseState}</Badge></Row>
          </dl>
          <p data-testid="no-contents" className="mt-3 text-sm text-slate-500">Your role does not see a bundle’s contents (spans, snapshot, findings, metrics).</p>
        </Card>
      </div>
    );
  }

  const report = (bundle.report ?? {}) as { logs?: LogsSummary | null; metrics?: BundleMetrics; redaction?: { clean: boolean; counts: Record<string, number>; truncated: boolean }; traceFormat?: string | null; consent?: { reason?: string } };
  const m = parsed ? report.metrics : undefined;
  const findings = parsed ? await listFindings(getDb(), bundle.id, 500) : [];
  const groups = parsed ? await countFindingsByGroup(getDb(), bundle.id) : [];
  const findingTotal = groups.reduce((n, g) => n + g.count, 0);
  const categories = [...groups.reduce((m, g) => m.set(g.category, (m.get(g.category) ?? 0) + g.count), new Map<string, number>())].sort((a, b) => b[1] - a[1]);
  const catalogue = tryLoadErrorCatalogue();
  const titleOf = (code: string) => catalogue.codes.find((c) => c.code === code)?.title;
  const codes = m ? [...new Set([...Object.keys(m.errorCodes), ...Object.keys(m.errorsByCode)])].sort() : [];
  const base = `/bundles/${encodeURIComponent(bundle.id)}`;

  return (
    <div className="space-y-4">
      <BundleNav bundle={bundle} ticket={ticket} current="summary" showContents />
      <div className="grid gap-4 xl:grid-cols-[minmax(0,1fr)_22rem]">
        <div className="min-w-0 space-y-4">
          {!parsed && <NotParsed bundle={bundle} />}
          {m && (
            <Card
              title="Metrics"
              actions={
                <>
                  <Link href={`${base}/snapshot`} className={buttonClass('secondary', 'sm')} data-testid="open-snapshot">Snapshot charts</Link>
                  <Link href={`${base}/logs`} className={buttonClass('secondary', 'sm')} data-testid="open-logs">Logs{report.logs ? ` (${report.logs.lines.toLocaleString('en-US')})` : ''}</Link>
                  <Link href={`${base}/trace`} className={buttonClass('primary', 'sm')} data-testid="open-trace">Trace timeline</Link>
                </>
              }
            >
              <div className="grid grid-cols-2 gap-2 sm:grid-cols-3 lg:grid-cols-6" data-testid="bundle-metrics">
                <Stat label="Spans" value={m.spans.toLocaleString()} />
                <Stat label="Traces" value={m.traces.toLocaleString()} />
                <Stat label="Failed spans" value={m.errorSpans.toLocaleString()} tone={m.errorSpans ? 'red' : undefined} />
                <Stat label="Services" value={m.services.length} />
                <Stat label="Time span" value={formatDuration(m.durationMs * 1000)} />
                <Stat label="Queue depth max" value={m.queueDepth.max ?? '—'} />
              </div>
              <div className="mt-3 grid gap-4 text-sm md:grid-cols-2">
                <div>
                  <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Failed operations</h3>
                  {Object.keys(m.failedOperations).length === 0 ? <p className="text-slate-400">None.</p> : (
                    <ul className="space-y-0.5">
                      {Object.entries(m.failedOperations).sort((a, b) => b[1] - a[1]).slice(0, 12).map(([op, n]) => (
                        <li key={op} className="flex justify-between gap-2"><span className="truncate font-mono text-xs">{op}</span><span className="tabular-nums text-red-700">{n}</span></li>
                      ))}
                    </ul>
                  )}
                </div>
                <div>
                  <h3 className="mb-1 text-xs font-semibold uppercase tracking-wide text-slate-500">Latency (max over the snapshot)</h3>
                  {Object.keys(m.latency).length === 0 ? <p className="text-slate-400">No latency series.</p> : (
                    <table className="w-full text-xs" data-testid="latency-table">
                      <thead><tr className="text-left text-slate-500"><th className="font-medium">operation</th><th className="text-right font-medium">p50</th><th className="text-right font-medium">p95</th><th className="text-right font-medium">p99</th></tr></thead>
                      <tbody>
                        {Object.entries(m.latency).map(([op, l]) => (
                          <tr key={op} className="border-t border-slate-100"><td className="break-all font-mono">{op}</td><td className="text-right tabular-nums">{l.p50?.max ?? '—'} ms</td><td className="text-right tabular-nums">{l.p95.max ?? '—'} ms</td><td className="text-right tabular-nums">{l.p99.max ?? '—'} ms</td></tr>
                        ))}
                      </tbody>
                    </table>
                  )}
                </div>
              </div>
            </Card>
          )}
          {m && m.operations && m.operations.length > 0 && (
            <Card title={`Operations (${m.operations.length})`}>
              <OperationsTable bundleId={bundle.id} operations={m.operations} />
            </Card>
          )}
          {m && (
            <Card title="Error codes">
              {codes.length === 0 ? <p className="text-sm text-slate-500">No X400 error codes in the spans or the snapshot.</p> : (
                <table className="w-full text-sm" data-testid="error-codes">
                  <thead>
                    <tr className="text-left text-xs text-slate-500"><th className="pb-1 font-medium">code</th><th className="pb-1 font-medium">title</th><th className="pb-1 text-right font-medium">failed spans</th><th className="pb-1 text-right font-medium">errors in snapshot</th></tr>
                  </thead>
                  <tbody>
                    {codes.map((code) => (
                      <tr key={code} className="border-t border-slate-100">
                        <td className="py-1"><Link href={`/errors#${encodeURIComponent(code)}`} className="font-mono text-brand-700 hover:underline">{code}</Link></td>
                        <td className="py-1 text-slate-700">{titleOf(code) ?? <span className="text-slate-400">not in the catalogue</span>}</td>
                        <td className="py-1 text-right tabular-nums">{m.errorCodes[code] ?? 0}</td>
                        <td className="py-1 text-right tabular-nums">{m.errorsByCode[code] ?? 0}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
              {(Object.keys(m.ndr.reasons).length > 0 || Object.keys(m.ndr.diagnostics).length > 0) && (
                <div className="mt-3 grid gap-3 text-xs sm:grid-cols-2">
                  {(['reasons', 'diagnostics'] as const).map((k) => (
                    <div key={k}>
                      <h3 className="mb-1 font-semibold uppercase tracking-wide text-slate-500">X.411 NDR {k}</h3>
                      <ul>
                        {Object.entries(m.ndr[k]).sort((a, b) => b[1] - a[1]).map(([name, n]) => (
                          <li key={name} className="flex justify-between"><span className="font-mono">{name}</span><span className="tabular-nums">{n}</span></li>
                        ))}
                      </ul>
                    </div>
                  ))}
                </div>
              )}
            </Card>
          )}
          {parsed && (
            <Card title={`Redaction findings (${findingTotal.toLocaleString('en-US')}${report.redaction?.truncated ? '+' : ''})`}>
              {findingTotal === 0 ? (
                <p className="text-sm text-emerald-700" data-testid="findings-clean">No personal data found outside the redacted values.</p>
              ) : (
                <>
                  <p className="mb-2 text-xs text-slate-500">Values that slipped past the gateway’s redaction, grouped by category and entry. Previews are masked; the raw values are not stored.</p>
                  <ul className="mb-3 flex flex-wrap gap-1.5" data-testid="finding-categories">
                    {categories.map(([category, count]) => (
                      <li key={category}><Badge tone="amber">{category} · {count.toLocaleString('en-US')}</Badge></li>
                    ))}
                  </ul>
                  <table className="mb-3 w-full text-xs" data-testid="finding-groups">
                    <thead>
                      <tr className="text-left text-slate-500"><th className="pb-1 font-medium">category</th><th className="pb-1 font-medium">entry</th><th className="pb-1 text-right font-medium">findings</th></tr>
                    </thead>
                    <tbody>
                      {groups.map((g) => (
                        <tr key={`${g.category}-${g.entry}`} className="border-t border-slate-100">
                          <td className="py-1 pr-2">{g.category}</td>
                          <td className="py-1 pr-2 font-mono">{g.entry}</td>
                          <td className="py-1 text-right tabular-nums">{g.count.toLocaleString('en-US')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <details data-testid="finding-rows">
                    <summary className="cursor-pointer select-none text-xs text-brand-600 hover:underline">
                      Show {findings.length === findingTotal ? 'each finding' : `the first ${findings.length.toLocaleString('en-US')} findings`} (location and masked preview)
                    </summary>
                  <div className="mt-2 max-h-96 overflow-auto">
                    <table className="w-full text-xs" data-testid="findings">
                      <thead className="sticky top-0 bg-white">
                        <tr className="text-left text-slate-500"><th className="pb-1 font-medium">entry</th><th className="pb-1 font-medium">location</th><th className="pb-1 font-medium">category</th><th className="pb-1 font-medium">masked preview</th></tr>
                      </thead>
                      <tbody>
                        {findings.map((f) => (
                          <tr key={f.id} className="border-t border-slate-100 align-top">
                            <td className="py-1 pr-2 font-mono">{f.entry}</td>
                            <td className="break-all py-1 pr-2 font-mono text-slate-600">{f.pointer}{f.line !== null ? ` (line ${f.line})` : ''}</td>
                            <td className="py-1 pr-2"><Badge tone="amber">{f.category}</Badge></td>
                            <td className="break-all py-1 font-mono">{f.preview}</td>
                          </tr>
                        ))}
                      </tbody>
                    </table>
                  </div>
                  </details>
                </>
              )}
            </Card>
          )}
        </div>
        <aside className="space-y-4">
          <Card title="Bundle">
            <dl className="grid grid-cols-[7.5rem_minmax(0,1fr)] gap-x-2 gap-y-1.5 text-sm" data-testid="bundle-facts">
              <Row label="Validity">{bundle.valid ? <Badge tone="green">valid</Badge> : <Badge tone="red">invalid</Badge>}</Row>
              <Row label="Consent">
                {bundle.consentGranted ? <Badge tone="green">granted</Badge> : <Badge tone="red">none</Badge>}{' '}
                {bundle.consentConfirmedAt ? <Badge tone="blue">confirmed</Badge> : bundle.consentGranted ? <Badge tone="amber">not confirmed</Badge> : null}
              </Row>
              {bundle.consentedAt && <Row label="Consented"><Instant date={bundle.consentedAt} /></Row>}
              {bundle.consentConfirmedAt && <Row label="Confirmed"><Instant date={bundle.consentConfirmedAt} /></Row>}
              <Row label="Parse"><Badge tone={PARSE_TONE[bundle.parseState]}>{bundle.parseState}</Badge></Row>
              <Row label="State"><Badge tone={STATE_TONE[bundle.state]}>{bundle.state}</Badge></Row>
              <Row label="Retention">
                <span data-testid="retention" data-expired={retention.expired} className={`text-xs ${retention.expired ? 'font-medium text-red-700' : 'text-slate-600'}`}>
                  {retention.text}
                </span>
              </Row>
              <Row label="Created"><Instant date={bundle.createdAt} /></Row>
              <Row label="Received"><Instant date={bundle.ingestedAt} /></Row>
              <Row label="Channel">{bundle.channel}</Row>
              <Row label="Size"><span className="tabular-nums">{formatBytes(bundle.size)}</span></Row>
              {report.traceFormat && <Row label="Trace format">{report.traceFormat}</Row>}
            </dl>
            {bundle.problems.length > 0 && (
              <ul className="mt-3 space-y-1 text-xs text-red-700">
                {bundle.problems.map((p, i) => <li key={i}><span className="font-mono">{p.code}</span> {p.message}</li>)}
              </ul>
            )}
          </Card>
          <Card title="Reported times">
            {reported.length === 0 ? <p className="text-sm text-slate-500">None given.</p> : (
              <ul className="space-y-1 text-sm">
                {reported.map((r) => <li key={r.ms} className="flex justify-between gap-2"><Instant date={new Date(r.ms)} /><span className="text-xs text-slate-500">{r.label.replace(/^reported /, '')}</span></li>)}
              </ul>
            )}
          </Card>
          {m && (
            <Card title={`Services (${m.services.length})`}>
              <ul className="flex flex-wrap gap-1" data-testid="bundle-services">
                {m.services.map((s) => <li key={s}><Badge>{s}</Badge></li>)}
              </ul>
            </Card>
          )}
        </aside>
      </div>
    </div>
  );
}
