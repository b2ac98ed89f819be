// GET /api/tickets/<id>/review: the post-incident review as a Markdown file (HTML escaped).
import { z } from 'zod';
import { AppError } from '@/lib/errors';
import { needsReview, reviewMarkdown } from '@/lib/reviews/service';
import { findTicket } from '@/db/queries/tickets';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'ticket:read', params: z.object({ id: z.string().regex(/^[1-9]\d{0,9}$/, 'must be a ticket number') }) }, async ({ db, user, params }) => {
  const ticketId = Number(params.id);
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket ${ticketId} does not exist.`);
  if (!needsReview(ticket)) throw new AppError('NOT_FOUND', `Ticket #${ticketId} is Sev-${ticket.severity}: it has no post-incident review.`);
  return new Response(await reviewMarkdown(db, user, ticketId), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="review-ticket-${ticketId}.md"`,
      'cache-control': 'no-store',
    },
  });
});
