// Bulk changes from the ticket list: each ticket goes through the same domain function as a
// one-by-one change (assignTicket, changeStatus), so every guard applies and each change reaches
// the ticket's timeline and the audit log. One ticket refused does not stop the others.
import type { Db } from '@/db/client';
import type { TicketStatus } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { AppError, isAppError } from '@/lib/errors';
import { assignTicket, changeStatus } from './service';

export const MAX_BULK_TICKETS = 200;

export interface BulkResult {
  changed: number[];
  refused: { ticketId: number; reason: string }[];
}

async function eachTicket(db: Db, actor: Actor, ticketIds: number[], apply: (id: number) => Promise<unknown>): Promise<BulkResult> {
  requirePermission(actor, 'ticket:write');
  const ids = [...new Set(ticketIds)];
  if (ids.length === 0) throw new AppError('INVALID_INPUT', 'Select at least one ticket.');
  if (ids.length > MAX_BULK_TICKETS) throw new AppError('INVALID_INPUT', `Select at most ${MAX_BULK_TICKETS} tickets at once.`);
  const result: BulkResult = { changed: [], refused: [] };
  for (const id of ids) {
    try {
      await apply(id);
      result.changed.push(id);
    } catch (error) {
      if (!isAppError(error)) throw error;
      result.refused.push({ ticketId: id, reason: error.message });
    }
  }
  return result;
}

export function bulkAssign(db: Db, actor: Actor, ticketIds: number[], assigneeId: string | null, now = new Date()): Promise<BulkResult> {
  return eachTicket(db, actor, ticketIds, (id) => assignTicket(db, actor, id, assigneeId, now));
}

export function bulkChangeStatus(db: Db, actor: Actor, ticketIds: number[], status: TicketStatus, now = new Date()): Promise<BulkResult> {
  return eachTicket(db, actor, ticketIds, (id) => changeStatus(db, actor, id, status, now));
}

/** "Changed #3, #5. Refused: #12: Capture the learnings before closing." */
export function describeBulkResult(result: BulkResult): string {
  const parts: string[] = [];
  if (result.changed.length) parts.push(`Changed ${result.changed.map((id) => `#${id}`).join(', ')}.`);
  if (result.refused.length) parts.push(`Refused: ${result.refused.map((r) => `#${r.ticketId}: ${r.reason}`).join(' ')}`);
  return parts.join(' ');
}
