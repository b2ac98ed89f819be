// The append-only audit log.
import { and, desc, eq, like, lt, type SQL } from 'drizzle-orm';
import type { Db } from '../client';
import { auditLog, type AuditEntry } from '../schema';

export interface AuditInput {
  at: Date;
  actorId?: string | null;
  actorEmail?: string | null;
  action: string;
  targetType?: string | null;
  targetId?: string | null;
  detail?: Record<string, unknown> | null;
  ip?: string | null;
}

export async function appendAudit(db: Db, entry: AuditInput): Promise<void> {
  await db.insert(auditLog)
    .values({
      at: entry.at,
      actorId: entry.actorId ?? null,
      actorEmail: entry.actorEmail ?? null,
      action: entry.action,
      targetType: entry.targetType ?? null,
      targetId: entry.targetId ?? null,
      detail: entry.detail ?? null,
      ip: entry.ip ?? null,
    });
}

export async function listAudit(
  db: Db,
  filter: { action?: string; actor?: string; beforeId?: number; limit?: number } = {},
): Promise<AuditEntry[]> {
  const where: SQL[] = [];
  if (filter.action) where.push(like(auditLog.action, `${filter.action}%`));
  if (filter.actor) where.push(eq(auditLog.actorEmail, filter.actor));
  if (filter.beforeId) where.push(lt(auditLog.id, filter.beforeId));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(filter.limit ?? 100);
}
