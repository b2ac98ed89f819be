import { formatInstant } from '@/components/ui/time';
import type { TicketEventRow } from '@/db/queries/tickets';
import { SpanCardView } from '@/components/trace/span-card';
import type { SpanCard } from '@/lib/trace-view/span-cards';

function show(key: string, v: unknown): string {
  if (key === 'severity') return `Sev-${v}`;
  if (Array.isArray(v)) return v.length ? v.map((x) => (key === 'reportedAt' ? new Date(String(x)).toISOString().slice(0, 16).replace('T', ' ') : String(x))).join(', ') : 'none';
  const text = String(v ?? '');
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

const EDIT_NAMES: Record<string, string> = { severity: 'severity', components: 'components', customerContact: 'contact', summary: 'summary', reportedAt: 'reported times' };

/** "changed severity from Sev-3 to Sev-1 (SLA clocks re-targeted); components from none to gateway". */
function describeEdit(d: Record<string, unknown>): string {
  const changes = d.changes as Record<string, { from: unknown; to: unknown }> | undefined;
  if (!changes) return `edited ${(d.fields as string[] | undefined)?.join(', ') ?? 'the ticket'}`;
  return `changed ${Object.entries(changes)
    .map(([k, c]) => `${EDIT_NAMES[k] ?? k} from ${show(k, c.from)} to ${show(k, c.to)}${k === 'severity' ? ' (SLA clocks re-targeted)' : ''}`)
    .join('; ')}`;
}

/** "waiting_on_customer" → "waiting on customer"; unknown values as they are. */
function statusName(status: unknown): string {
  return String(status ?? '').replace(/_/g, ' ');
}

function describe(event: TicketEventRow): string {
  const d = (event.data ?? {}) as Record<string, unknown>;
  switch (event.kind) {
    case 'created':
      return `opened the ticket (Sev-${d.severity})`;
    case 'assigned':
      return d.to ? `assigned it to ${d.to}` : 'unassigned it';
    case 'acknowledged':
      return 'acknowledged it';
    case 'status':
      return `moved it from ${statusName(d.from)} to ${statusName(d.to)}${d.bundleId ? ` (bundle ${d.bundleId} arrived)` : ''}`;
    case 'checklist':
      return d.step === 'triage' ? 'confirmed triage' : d.step === 'diagnostics' ? `gathered diagnostics (bundle ${d.bundleId})` : `verified telemetry consent (bundle ${d.bundleId})`;
    case 'note':
      return 'added a note';
    case 'bundle_purged':
      return `purged bundle ${d.bundleId} (${d.reason})`;
    case 'bundle_linked':
      return `linked bundle ${d.fileName} (${d.bundleId})${d.consent ? '' : ', whose metadata shows no consent'}`;
    case 'incident_linked':
      return d.role === 'parent' ? `linked ticket #${d.childId} under this incident` : `linked this ticket under incident #${d.parentId}`;
    case 'incident_unlinked':
      return d.role === 'parent' ? `took ticket #${d.childId} out of this incident` : `took this ticket out of incident #${d.parentId}`;
    case 'bundle_referenced':
      return `linked bundle ${d.fileName} (${d.bundleId}), which is on ticket #${d.onTicket}`;
    case 'reopened':
      return `reopened it: ${d.reason}`;
    case 'edited':
      return describeEdit(d);
    case 'incident_commander':
      return `made ${d.to} incident commander`;
    default:
      return String(d.summary ?? event.kind.replace(/_/g, ' '));
  }
}

export function TicketTimeline({ events }: { events: TicketEventRow[] }) {
  return (
    <ol className="relative space-y-3 border-l border-slate-200 pl-4" data-testid="ticket-timeline">
      {[...events].reverse().map((event) => (
        <li key={event.id} id={`event-${event.id}`} className="relative scroll-mt-16" data-kind={event.kind}>
          <span className="absolute -left-[21px] top-1.5 h-2.5 w-2.5 rounded-full border-2 border-white bg-slate-400" aria-hidden />
          <p className="text-sm text-slate-800">
            <span className="font-medium">{event.actorEmail ?? 'system'}</span> {describe(event)}
          </p>
          {event.kind === 'note' && (
            <p className="mt-1 whitespace-pre-wrap rounded-md bg-slate-50 px-3 py-2 text-sm text-slate-700">{String((event.data as { text?: string })?.text ?? '')}</p>
          )}
          {event.kind === 'note' && ((event.data as { spanCards?: SpanCard[] })?.spanCards ?? []).map((card) => <SpanCardView key={`${card.bundleId}/${card.spanId}`} card={card} />)}
          <p className="text-xs text-slate-500">{formatInstant(event.at)}</p>
        </li>
      ))}
    </ol>
  );
}
