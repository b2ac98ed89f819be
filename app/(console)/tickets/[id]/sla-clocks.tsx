// The ticket's SLA clocks (time to acknowledge, time to mitigate): live countdown with Jira's
// colours, the deadline, an "Explain" expander (windows, holidays, pauses; business and wall
// time), and the pauses with who / why / from / to.
import { ClockStatusText, SlaClockBadge } from '@/components/sla/live-clock';
import { ActionButton, ActionForm } from '@/components/ui/action-button';
import { Card } from '@/components/ui/card';
import { Field, Input } from '@/components/ui/field';
import { Instant } from '@/components/ui/time';
import { listTicketPauses } from '@/db/queries/sla';
import type { Ticket } from '@/db/schema';
import { getSlaPolicy } from '@/lib/settings';
import { formatDuration } from '@/lib/sla/explain';
import { describeTarget } from '@/lib/sla/policy';
import { CLOCK_LABELS, clockSpecs, evaluateSpec, explainSpec } from '@/lib/sla/ticket';
import { getDb } from '@/lib/server/db';
import { pauseSlaAction, resumeSlaAction } from './resolution-actions';

export async function SlaClocks({ ticket, canWrite }: { ticket: Ticket; canWrite: boolean }) {
  const db = getDb();
  const { calendar, targets } = await getSlaPolicy(db);
  const pauses = await listTicketPauses(db, ticket.id);
  const now = Date.now();
  const specs = clockSpecs(ticket, pauses, targets);
  const open = pauses.find((p) => p.to === null);
  const clocksRunning = !ticket.acknowledgedAt || !ticket.mitigatedAt;
  return (
    <Card title="SLA" actions={<span className="text-xs text-slate-500">Calendar: {calendar.timeZone}</span>}>
      <div className="grid gap-4 sm:grid-cols-2" data-testid="sla-clocks">
        {(['ack', 'mitigate'] as const).map((name) => {
          const spec = specs[name];
          const clock = evaluateSpec(spec, calendar, now);
          const ex = explainSpec(spec, calendar, now);
          const stoppedAt = name === 'ack' ? ticket.acknowledgedAt : ticket.mitigatedAt;
          return (
            <div key={name} className="min-w-0 space-y-1.5" data-clock={name}>
              <div className="flex items-baseline justify-between gap-2">
                <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">{CLOCK_LABELS[name]}</h3>
                <span className="text-xs text-slate-500">{describeTarget(spec.target)}</span>
              </div>
              <SlaClockBadge spec={spec} calendar={calendar} serverNow={now} size="md" explain={ex.lines} />
              <dl className="grid grid-cols-[5.5rem_1fr] gap-x-2 gap-y-0.5 text-xs">
                <dt className="text-slate-500">Deadline</dt>
                <dd>
                  <Instant date={clock.deadline} />
                </dd>
                <dt className="text-slate-500">{stoppedAt ? 'Stopped' : 'Status'}</dt>
                <dd>{stoppedAt ? <Instant date={stoppedAt} /> : <ClockStatusText spec={spec} calendar={calendar} serverNow={now} />}</dd>
              </dl>
              <details className="group text-xs" data-testid={`explain-${name}`}>
                <summary className="cursor-pointer select-none text-brand-600 hover:underline">Explain this deadline</summary>
                <div className="mt-1.5 space-y-1 rounded-md bg-slate-50 p-2 ring-1 ring-inset ring-slate-200">
                  <ul className="space-y-0.5 text-slate-700">
                    {ex.lines.map((line, i) => (
                      <li key={i}>{line}</li>
                    ))}
                  </ul>
                  <p className="border-t border-slate-200 pt-1 text-slate-500">
                    Business time {formatDuration(ex.totals.businessMinutes, { dayMinutes: 1e9 })} · wall time {formatDuration(ex.totals.wallMinutes)}
                    {ex.totals.pausedMinutes > 0 && <> · paused {formatDuration(ex.totals.pausedMinutes)}</>}
                    {ex.totals.holidaysSkipped > 0 && <> · {ex.totals.holidaysSkipped} holiday{ex.totals.holidaysSkipped > 1 ? 's' : ''} skipped</>}
                  </p>
                </div>
              </details>
            </div>
          );
        })}
      </div>
      <div className="mt-4 border-t border-slate-100 pt-3">
        <div className="mb-2 flex items-center justify-between gap-2">
          <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-500">Pauses (waiting on the customer)</h3>
          {canWrite && open && (
            <ActionButton action={resumeSlaAction} input={{ ticketId: ticket.id }} testId="resume-sla">
              Resume clocks
            </ActionButton>
          )}
        </div>
        {pauses.length === 0 ? (
          <p className="text-xs text-slate-500">The clocks have not been paused.</p>
        ) : (
          <table className="w-full text-xs" data-testid="sla-pauses">
            <thead className="text-left text-slate-500">
              <tr>
                <th className="py-1 pr-2 font-medium">From</th>
                <th className="py-1 pr-2 font-medium">To</th>
                <th className="py-1 pr-2 font-medium">Who</th>
                <th className="py-1 font-medium">Why</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {pauses.map((p) => (
                <tr key={p.id}>
                  <td className="py-1 pr-2 whitespace-nowrap"><Instant date={p.from} /></td>
                  <td className="py-1 pr-2 whitespace-nowrap">{p.to ? <Instant date={p.to} /> : <span className="font-medium text-slate-700">still paused</span>}</td>
                  <td className="py-1 pr-2">{p.byEmail ?? 'system'}</td>
                  <td className="py-1 text-slate-700">{p.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {canWrite && !open && clocksRunning && ticket.status !== 'closed' && (
          <details className="mt-2 text-xs">
            <summary className="cursor-pointer select-none text-brand-600 hover:underline" data-testid="pause-sla-toggle">Pause the clocks…</summary>
            <ActionForm action={pauseSlaAction} submitLabel="Pause clocks" variant="secondary" className="mt-2">
              <input type="hidden" name="ticketId" value={ticket.id} />
              <div className="grid gap-2 sm:grid-cols-[1fr_12rem]">
                <Field label="Pause reason" htmlFor={`pause-reason-${ticket.id}`}>
                  <Input id={`pause-reason-${ticket.id}`} name="reason" placeholder="Why: e.g. waiting for the customer's trace bundle" required maxLength={500} />
                </Field>
                <Field label="Paused since (UTC, optional)" htmlFor={`pause-from-${ticket.id}`} hint="Empty = now.">
                  <Input id={`pause-from-${ticket.id}`} name="from" type="datetime-local" />
                </Field>
              </div>
            </ActionForm>
          </details>
        )}
      </div>
    </Card>
  );
}
