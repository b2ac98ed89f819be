// `x400-support ticket link|unlink|related`: parent incidents and related tickets from the shell,
// through the same lib/incidents code as the ticket page.
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { incidentFamily, linkIncident, relatedTickets, unlinkIncident } from '@/lib/incidents/service';
import { EXIT, table, UsageError, type CliIo } from './io';

export const INCIDENT_HELP = `  ticket link --parent ID --child ID [--json]
      Link ticket --child under the parent incident --parent (it carries the escalation; the child
      keeps its own SLA clocks and customer updates). A child has one parent; a parent is not a child.
  ticket unlink --child ID [--json]
      Take a ticket out of its parent incident.
  ticket related --ticket ID [--json]
      Open tickets whose bundles share error codes, X.411 codes or failing operations with it,
      best first, with why; and its parent incident or linked tickets.`;

function ticketId(value: string | undefined, flag: string): number {
  const n = Number(value?.replace(/^#/, ''));
  if (!value || !Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a ticket number`);
  return n;
}

function args(rest: string[], options: string[]) {
  return parseArgs({
    args: rest,
    options: { ...Object.fromEntries(options.map((o) => [o, { type: 'string' as const }])), json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  }).values as Record<string, string | boolean | undefined>;
}

export async function runTicketLink(rest: string[], io: CliIo): Promise<number> {
  const v = args(rest, ['parent', 'child']);
  if (v.help) return io.out(INCIDENT_HELP), EXIT.ok;
  const link = await linkIncident(io.db(), CLI_ACTOR, { parentId: ticketId(v.parent as string, '--parent'), childId: ticketId(v.child as string, '--child') });
  io.out(v.json ? JSON.stringify({ parentId: link.parentTicketId, childId: link.childTicketId, linkedAt: link.linkedAt.toISOString() }) : `Ticket #${link.childTicketId} is linked under incident #${link.parentTicketId}.`);
  return EXIT.ok;
}

export async function runTicketUnlink(rest: string[], io: CliIo): Promise<number> {
  const v = args(rest, ['child']);
  if (v.help) return io.out(INCIDENT_HELP), EXIT.ok;
  const link = await unlinkIncident(io.db(), CLI_ACTOR, ticketId(v.child as string, '--child'));
  io.out(v.json ? JSON.stringify({ parentId: link.parentTicketId, childId: link.childTicketId }) : `Ticket #${link.childTicketId} is no longer linked under #${link.parentTicketId}.`);
  return EXIT.ok;
}

export async function runTicketRelated(rest: string[], io: CliIo): Promise<number> {
  const v = args(rest, ['ticket']);
  if (v.help) return io.out(INCIDENT_HELP), EXIT.ok;
  const id = ticketId(v.ticket as string, '--ticket');
  const [related, family] = await Promise.all([relatedTickets(io.db(), id), incidentFamily(io.db(), id)]);
  if (v.json) {
    io.out(JSON.stringify({ ticketId: id, signature: related.signature, suggestions: related.suggestions, parent: family.parent?.id ?? null, children: family.children.map((c) => c.id) }));
    return EXIT.ok;
  }
  if (family.parent) io.out(`Linked under incident #${family.parent.id}.`);
  if (family.children.length) io.out(`Parent incident of ${family.children.map((c) => `#${c.id}`).join(', ')}.`);
  if (related.suggestions.length === 0) io.out('No related open tickets.');
  else
    io.out(
      table([
        ['ID', 'SEV', 'STATUS', 'CUSTOMER', 'SHARES'],
        ...related.suggestions.map((s) => [String(s.ticket.id), `Sev-${s.ticket.severity}`, s.ticket.status, s.ticket.customerName, `${s.identical ? '(same) ' : ''}${s.why}`]),
      ]),
    );
  return EXIT.ok;
}
