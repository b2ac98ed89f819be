// GET /api/tickets: the ticket list as JSON; POST: open a ticket (same input and JSON as the CLI).
import { listTickets } from '@/db/queries/tickets';
import { defineRoute } from '@/lib/server/route';
import { ticketJson } from '@/lib/tickets/json';
import { newTicketInput } from '@/lib/tickets/input';
import { createTicket } from '@/lib/tickets/service';

export const GET = defineRoute({ permission: 'ticket:read' }, async ({ db }) => {
  const { rows, total } = await listTickets(db, { limit: 500 });
  return { total, tickets: rows.map(ticketJson) };
});

export const POST = defineRoute({ permission: 'ticket:write', body: newTicketInput }, async ({ db, user, body }) => {
  const ticket = await createTicket(db, user, body);
  return Response.json(ticketJson(ticket), { status: 201 });
});
