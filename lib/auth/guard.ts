// Role checks inside the domain: the last line of defence, whatever door the call came through.
import type { Role } from '@/db/schema';
import { UserFacingError } from '@/lib/errors';
import { can, type Permission } from './roles';

export class ForbiddenError extends UserFacingError {
  constructor(public readonly permission: Permission) {
    super(`Your role may not do this (${permission}).`);
  }
}

export function requirePermission(actor: { role: Role }, permission: Permission): void {
  if (!can(actor.role, permission)) throw new ForbiddenError(permission);
}
