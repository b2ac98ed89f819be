'use server';
// Server actions of the ticket page's parent incident: a lead (or an admin) links a ticket under a
// parent incident, or takes it out again (lib/incidents/service.ts checks the rules and the role).
import { z } from 'zod';
import { linkIncident, unlinkIncident } from '@/lib/incidents/service';
import { defineAction } from '@/lib/server/action';
import { invalidate } from '@/lib/server/invalidate';

/** A ticket number as typed: "12" or "#12". */
const ticketRef = z.preprocess((v) => (typeof v === 'string' ? v.trim().replace(/^#/, '') : v), z.coerce.number().int().positive());

export const linkIncidentAction = defineAction(
  { permission: 'incident:link', input: z.object({ parentId: ticketRef, childId: ticketRef }), labels: { parentId: 'Parent ticket', childId: 'Ticket to link' } },
  async ({ parentId, childId }, { user, db }) => {
    await linkIncident(db, user, { parentId, childId });
    invalidate.tickets([parentId, childId]);
  },
);

export const unlinkIncidentAction = defineAction(
  { permission: 'incident:link', input: z.object({ childId: ticketRef }) },
  async ({ childId }, { user, db }) => {
    const link = await unlinkIncident(db, user, childId);
    invalidate.tickets([link.parentTicketId, childId]);
  },
);
