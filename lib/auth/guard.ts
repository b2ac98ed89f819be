// Role checks inside the domain: the last line of defence, whatever door the call came through.
import type { Role } from '@/db/schema';
import { AppError } from '@/lib/errors';
import { can, type Permission } from './roles';

export function requirePermission(actor: { role: Role }, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN', `Your role may not do this (${permission}).`);
}
