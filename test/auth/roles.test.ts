import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '@/db/schema';
import { requirePermission } from '@/lib/auth/guard';
import { can, PERMISSIONS, type Permission } from '@/lib/auth/roles';

// The rights table of shared/spec/product.md, written out by hand so a change to PERMISSIONS
// has to be a deliberate change here too.
const EXPECTED: Record<Permission, Role[]> = {
  'ticket:read': ['engineer', 'lead', 'manager', 'admin'],
  'ticket:write': ['engineer', 'lead', 'admin'],
  'bundle:upload': ['engineer', 'lead', 'admin'],
  'bundle:contents': ['engineer', 'lead', 'admin'],
  'bundle:purge': ['lead', 'admin'],
  'bundle:share': ['lead', 'admin'],
  'board:read': ['lead', 'manager', 'admin'],
  'board:act': ['lead', 'admin'],
  'ticket:assign-commander': ['lead', 'admin'],
  'incident:link': ['lead', 'admin'],
  'reports:read': ['lead', 'manager', 'admin'],
  'audit:read': ['lead', 'admin'],
  'settings:manage': ['admin'],
  'errors:read': ['engineer', 'lead', 'manager', 'admin'],
  'account:self': ['engineer', 'lead', 'manager', 'admin'],
};

describe('role checks', () => {
  it('cover every permission', () => {
    expect(Object.keys(PERMISSIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
  });

  for (const [permission, allowed] of Object.entries(EXPECTED) as [Permission, Role[]][]) {
    for (const role of ROLES) {
      it(`${role} ${allowed.includes(role) ? 'may' : 'may not'} ${permission}`, () => {
        expect(can(role, permission)).toBe(allowed.includes(role));
        if (allowed.includes(role)) expect(() => requirePermission({ role }, permission)).not.toThrow();
        else expect(() => requirePermission({ role }, permission)).toThrow(/may not do this/);
      });
    }
  }

  it('managers never see bundle contents; only admins change settings', () => {
    expect(can('manager', 'bundle:contents')).toBe(false);
    expect(ROLES.filter((r) => can(r, 'settings:manage'))).toEqual(['admin']);
  });
});
