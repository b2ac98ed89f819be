// GET /api/inbox: the signed-in user's notifications (breach warnings), newest first, with the
// unread count (the header's bell polls it). POST /api/inbox { ids } or { all: true }: mark read.
import { z } from 'zod';
import { listInbox, markInboxRead } from '@/db/queries/alerts';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'ticket:read' }, async ({ db, user }) => {
  const { items, unread } = await listInbox(db, user.id);
  return Response.json(
    {
      unread,
      items: items.map((i) => ({ id: i.id, ticketId: i.ticketId, kind: i.kind, text: i.text, createdAt: i.createdAt.getTime(), read: i.readAt !== null })),
    },
    { headers: { 'cache-control': 'no-store' } },
  );
});

const markRead = z.union([z.object({ ids: z.array(z.number().int().positive()).min(1).max(500) }), z.object({ all: z.literal(true) })]);

export const POST = defineRoute({ permission: 'ticket:read', body: markRead }, async ({ db, user, body }) => ({
  marked: await markInboxRead(db, user.id, 'ids' in body ? body.ids : null, new Date()),
}));
