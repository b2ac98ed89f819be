// Admin panels for the SLA policy on /settings: business calendar (time zone, weekly windows,
// holidays, .ics import), SLA targets per severity, and the escalation webhook.
import { ActionForm } from '@/components/ui/action-button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select, Textarea } from '@/components/ui/field';
import { config } from '@/lib/env';
import { getSlaPolicy, getWebhookSettings } from '@/lib/settings';
import { describeTarget, SEVERITIES, SLA_TARGET_NAMES } from '@/lib/sla/policy';
import { getDb } from '@/lib/server/db';
import { importIcsAction, saveCalendarAction, saveTargetsAction, saveWebhookAction } from './sla-actions';

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const DAY_LABELS = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

export async function SlaSettingsPanels() {
  const db = getDb();
  const { calendar, targets } = await getSlaPolicy(db);
  const webhook = await getWebhookSettings(db);
  const zones = Intl.supportedValuesOf('timeZone');
  return (
    <>
      <Card title="Business calendar" id="calendar">
        <div className="grid gap-6 lg:grid-cols-[minmax(0,1fr)_18rem]">
          <ActionForm action={saveCalendarAction} submitLabel="Save calendar" successMessage="Calendar saved.">
            <Field label="Time zone (IANA)" htmlFor="calendar-time-zone" hint="Opening windows and holidays are local times of this zone; DST changes are applied.">
              <Input id="calendar-time-zone" name="timeZone" defaultValue={calendar.timeZone} list="time-zones" required className="max-w-xs" />
            </Field>
            <datalist id="time-zones">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <fieldset>
              <legend className="mb-1 text-xs font-medium text-slate-700">Weekly opening windows</legend>
              <div className="grid gap-x-4 gap-y-1.5 sm:grid-cols-2">
                {WEEKDAYS.map((d) => (
                  <label key={d} className="flex items-center gap-2 text-sm">
                    <span className="w-24 text-slate-600">{DAY_LABELS[d]}</span>
                    <Input name={d} defaultValue={calendar.week[d].map(([a, b]) => `${a}-${b}`).join(', ')} placeholder="closed" aria-label={`${DAY_LABELS[d]} windows`} className="font-mono text-xs" />
                  </label>
                ))}
              </div>
              <p className="mt-1 text-xs text-slate-500">Comma-separated HH:MM-HH:MM windows, half-open [open, close), 24:00 allowed as a close; empty = closed.</p>
            </fieldset>
            <Field label={`Holidays (${calendar.holidays.length})`} htmlFor="calendar-holidays" hint="Local dates, one per line (YYYY-MM-DD). No window opens on a holiday.">
              <Textarea id="calendar-holidays" name="holidays" rows={5} defaultValue={calendar.holidays.join('\n')} className="font-mono text-xs" />
            </Field>
          </ActionForm>
          <div className="space-y-2 border-t border-slate-100 pt-4 lg:border-l lg:border-t-0 lg:pl-6 lg:pt-0">
            <h3 className="text-sm font-semibold text-slate-800">Import holidays from an .ics file</h3>
            <p className="text-xs text-slate-500">Every event’s dates (all-day or timed, multi-day included) are added to the holidays; recurring events (RRULE, minus EXDATE) are expanded from last year to five years ahead.</p>
            <ActionForm action={importIcsAction} submitLabel="Import" variant="secondary" successMessage="Imported.">
              <Input type="file" name="file" accept=".ics,text/calendar" aria-label="iCalendar file" required />
            </ActionForm>
          </div>
        </div>
      </Card>

      <Card title="SLA targets" id="targets">
        <ActionForm action={saveTargetsAction} submitLabel="Save targets" successMessage="Targets saved.">
          <table className="text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 pr-4 font-medium">Severity</th>
                <th className="py-1 pr-4 font-medium">Time to acknowledge</th>
                <th className="py-1 font-medium">Time to mitigate</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((s) => (
                <tr key={s}>
                  <td className="py-1 pr-4 font-medium">Sev-{s}</td>
                  {SLA_TARGET_NAMES.map((n) => {
                    const t = targets[s][n];
                    return (
                      <td key={n} className="py-1 pr-4">
                        <div className="flex items-center gap-1.5">
                          <Select name={`t${s}_${n}_kind`} defaultValue={t.kind} aria-label={`Sev-${s} ${n} kind`} className="!w-44">
                            <option value="elapsed">minutes, 24×7</option>
                            <option value="business">business minutes</option>
                            <option value="nextBusinessDay">next business day</option>
                          </Select>
                          <Input name={`t${s}_${n}_minutes`} defaultValue={t.kind === 'nextBusinessDay' ? '' : String(t.minutes)} inputMode="numeric" aria-label={`Sev-${s} ${n} minutes`} className="!w-20 text-right tabular-nums" />
                          <span className="w-32 text-xs text-slate-500">{describeTarget(t)}</span>
                        </div>
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-500">1 business day = 480 business minutes; 5 business days = 2400. Minutes are ignored for “next business day”.</p>
        </ActionForm>
      </Card>

      <Card title="Escalation webhooks" id="webhook">
        <ActionForm action={saveWebhookAction} submitLabel="Save webhooks" successMessage="Webhooks saved.">
          <p className="text-xs text-slate-500">Paging (Sev-1 “On-call paged”) sends a PagerDuty Events API v2 trigger; status-page updates (Sev-2) send their own JSON to a separate URL.</p>
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label="Paging URL (PagerDuty Events API v2)" htmlFor="webhook-url" hint={config().webhookUrl ? `Empty = X400_WEBHOOK_URL (${new URL(config().webhookUrl!).host}).` : 'Empty = X400_WEBHOOK_URL (not set): no webhook.'}>
              <Input id="webhook-url" name="url" type="url" defaultValue={webhook.url ?? ''} placeholder="https://events.pagerduty.com/v2/enqueue" />
            </Field>
            <Field label="PagerDuty routing key" htmlFor="webhook-routing-key" hint="Sent as routing_key when on-call is paged (Events API v2).">
              <Input id="webhook-routing-key" name="routingKey" defaultValue={webhook.routingKey ?? ''} className="font-mono" />
            </Field>
            <Field label="Status-page URL" htmlFor="webhook-status-page-url" hint="Receives { event: 'status_page.update', incident, message }. Empty: status-page updates are recorded but not sent.">
              <Input id="webhook-status-page-url" name="statusPageUrl" type="url" defaultValue={webhook.statusPageUrl ?? ''} placeholder="https://status.example.com/hooks/x400" />
            </Field>
          </div>
        </ActionForm>
      </Card>
    </>
  );
}
