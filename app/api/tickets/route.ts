// GET /api/tickets: the ticket list as JSON; POST: open a ticket (same input as the CLI).
import { listTickets } from '@/db/queries/tickets';
import { ticketJson } from '@/lib/cli/tickets';
import { UserFacingError } from '@/lib/errors';
import { wellFormed } from '@/lib/http/well-formed';
import { describeIssues, newTicketInput } from '@/lib/tickets/input';
import { createTicket } from '@/lib/tickets/service';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'ticket:read');
  if (user instanceof Response) return user;
  const { rows, total } = await listTickets(getDb(), { limit: 500 });
  return Response.json({ total, tickets: rows.map(ticketJson) });
}

export async function POST(request: Request) {
  const user = await authenticateRequest(request, 'ticket:write');
  if (user instanceof Response) return user;
  const body = wellFormed(await request.json().catch(() => null));
  const parsed = newTicketInput.safeParse(body);
  if (!parsed.success) return Response.json({ error: 'Invalid ticket', problems: describeIssues(parsed.error) }, { status: 400 });
  try {
    const ticket = await createTicket(getDb(), user, parsed.data);
    return Response.json(ticketJson(ticket), { status: 201 });
  } catch (error) {
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
}
