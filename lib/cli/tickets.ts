// `x400-support ticket create|list`: intake automation from scripts.
import { parseArgs } from 'node:util';
import { listTickets } from '@/db/queries/tickets';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { describeIssues, newTicketInput } from '@/lib/tickets/input';
import { ticketJson } from '@/lib/tickets/json';
import { createTicket } from '@/lib/tickets/service';
import { INCIDENT_HELP } from './incidents';
import { EXIT, table, UsageError, type CliIo } from './io';

export const TICKET_HELP = `x400-support ticket <command>

Commands:
  ticket create --customer NAME --contact C --severity 1|2|3 --summary S
                [--component X]... [--reported-at ISO]... [--confirm-old-reported-at] [--json]
      Open a ticket; prints its id. Components: gateway, queue, mta, directory, ui, cli, other.
      Reported times may not be in the future; one more than 30 days back needs
      --confirm-old-reported-at.
  ticket list [--status S]... [--severity N]... [--json]
      List tickets, newest first (at most 500).
  ticket consent --ticket ID --bundle ID --by EMAIL [--json]
      Record the checklist's consent confirmation as that engineer, then parse the bundle.
${INCIDENT_HELP}

JSON output (one ticket):
  {"id","customerName","customerContact","severity","status","summary","components",
   "reportedAt","assignee","createdAt","acknowledgedAt","mitigatedAt","resolvedAt","closedAt",
   "releaseVersion"}
  ticket create prints that object; ticket list prints an array of them.`;

export async function runTicket(args: string[], io: CliIo, extra: Record<string, (args: string[], io: CliIo) => Promise<number>> = {}): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(TICKET_HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (extra[command]) return extra[command](rest, io);
  const { values } = parseArgs({
    args: rest,
    options: {
      customer: { type: 'string' },
      contact: { type: 'string' },
      severity: { type: 'string', multiple: true },
      summary: { type: 'string' },
      component: { type: 'string', multiple: true },
      'reported-at': { type: 'string', multiple: true },
      'confirm-old-reported-at': { type: 'boolean' },
      status: { type: 'string', multiple: true },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(TICKET_HELP);
    return EXIT.ok;
  }
  switch (command) {
    case 'create': {
      const missing = (['customer', 'contact', 'severity', 'summary'] as const).filter((k) => !values[k]);
      if (missing.length) throw new UsageError(`ticket create needs ${missing.map((m) => `--${m}`).join(', ')}`);
      if ((values.severity?.length ?? 0) > 1) throw new UsageError('give --severity once');
      const parsed = newTicketInput.safeParse({
        customerName: values.customer,
        customerContact: values.contact,
        severity: values.severity?.[0],
        summary: values.summary,
        components: values.component ?? [],
        reportedAt: values['reported-at'] ?? [],
        confirmOldReportedAt: values['confirm-old-reported-at'] ?? false,
      });
      if (!parsed.success) throw new UsageError(describeIssues(parsed.error).join('; '));
      const ticket = await createTicket(io.db(), CLI_ACTOR, parsed.data);
      io.out(values.json ? JSON.stringify(ticketJson(ticket)) : String(ticket.id));
      return EXIT.ok;
    }
    case 'list': {
      const { rows } = await listTickets(io.db(), {
        status: values.status as never,
        severity: values.severity?.map(Number) as never,
        limit: 500,
      });
      if (values.json) io.out(JSON.stringify(rows.map(ticketJson)));
      else
        io.out(
          table([
            ['ID', 'SEV', 'STATUS', 'CUSTOMER', 'ASSIGNEE', 'SUMMARY'],
            ...rows.map((t) => [String(t.id), `Sev-${t.severity}`, t.status, t.customerName, t.assigneeEmail ?? '-', t.summary.slice(0, 60)]),
          ]),
        );
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command "ticket ${command}" (try: x400-support ticket --help)`);
  }
}
