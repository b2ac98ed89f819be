// Who may do what: the rights table of shared/spec/product.md, as one lookup.
import type { Role } from '@/db/schema';

export const PERMISSIONS = {
  'ticket:read': ['engineer', 'lead', 'manager', 'admin'],
  'ticket:write': ['engineer', 'lead', 'admin'],
  'bundle:upload': ['engineer', 'lead', 'admin'],
  'bundle:contents': ['engineer', 'lead', 'admin'],
  'bundle:purge': ['lead', 'admin'],
  'bundle:share': ['lead', 'admin'],
  'board:read': ['lead', 'manager', 'admin'],
  'board:act': ['lead', 'admin'],
  'ticket:assign-commander': ['lead', 'admin'],
  /** Link tickets under a parent incident, and unlink them (engineers see the links). */
  'incident:link': ['lead', 'admin'],
  'reports:read': ['lead', 'manager', 'admin'],
  'audit:read': ['lead', 'admin'],
  'settings:manage': ['admin'],
  'errors:read': ['engineer', 'lead', 'manager', 'admin'],
  'account:self': ['engineer', 'lead', 'manager', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(role: Role, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly Role[]).includes(role);
}

export const ROLE_LABELS: Record<Role, string> = {
  engineer: 'Engineer',
  lead: 'Lead',
  manager: 'Manager',
  admin: 'Admin',
};
