// The full role matrix: every server action and every route handler, called as anonymous,
// engineer, lead, manager and admin, allows exactly the roles its permission names and refuses
// the rest, on the server, whatever the UI shows. New actions and routes join automatically;
// a route handler must be listed below with the permission it is meant to require.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-matrix-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir, token: undefined as string | undefined };
});

vi.mock('next/headers', () => ({
  cookies: async () => ({
    get: (name: string) => (name === 'x400_session' && state.token ? { name, value: state.token } : undefined),
    set: () => {},
    delete: () => {},
  }),
  headers: async () => new Headers({ 'x-forwarded-for': '127.0.0.1', 'x-x400-path': '/' }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));
vi.mock('next/navigation', () => ({
  redirect: (to: string) => {
    throw Object.assign(new Error(`NEXT_REDIRECT ${to}`), { digest: `NEXT_REDIRECT;${to}` });
  },
  forbidden: () => {
    throw new Error('NEXT_FORBIDDEN');
  },
  notFound: () => {
    throw new Error('NEXT_NOT_FOUND');
  },
}));

import { ROLES, type Role } from '@/db/schema';
import { createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { PERMISSIONS, type Permission } from '@/lib/auth/roles';
import { getDb } from '@/lib/server/db';

type Who = Role | 'anonymous';
const WHO: Who[] = ['anonymous', ...ROLES];
const tokens = new Map<Who, string>();

/** Route handlers and the permission each must require. */
const ROUTE_PERMISSIONS: Record<string, Permission> = {
  'GET /api/tickets': 'ticket:read',
  'POST /api/tickets': 'ticket:write',
  'POST /api/tickets/[id]/bundles': 'bundle:upload',
  'GET /api/ingest/[jobId]': 'ticket:read',
  'GET /api/ingest/bundles/[bundleId]': 'ticket:read',
  'GET /api/bundles/[id]/critical-path': 'bundle:contents',
  'GET /api/bundles/[id]/search': 'bundle:contents',
  'GET /api/bundles/[id]/series': 'bundle:contents',
  'GET /api/bundles/[id]/skeleton': 'bundle:contents',
  'GET /api/bundles/[id]/spans/[pos]': 'bundle:contents',
  'POST /api/share/[bundleId]': 'bundle:share',
  'GET /api/board': 'board:read',
  'GET /api/reports/sla': 'reports:read',
  'GET /api/reports/weekly': 'reports:read',
};

/** Route handlers that need no session: liveness and readiness probes (tested in test/ops). */
const PUBLIC_ROUTES = new Set(['GET /api/health', 'GET /api/ready']);

/** Server actions that do not go through defineAction, and why. */
const PUBLIC_ACTIONS = new Set(['signInAction', 'signOutAction']);
const WRAPPED_ACTIONS: Record<string, Permission> = { createTicketAction: 'ticket:write' };

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full, out);
    else if (/\.tsx?$/.test(entry.name)) out.push(full);
  }
  return out;
}

const appFiles = walk(path.join(process.cwd(), 'app'));
const actionFiles = appFiles.filter((f) => /^['"]use server['"]/.test(fs.readFileSync(f, 'utf8').trimStart()));
const routeFiles = appFiles.filter((f) => path.basename(f) === 'route.ts');

beforeAll(async () => {
  const db = getDb();
  for (const role of ROLES) {
    const email = `${role}@matrix.test`;
    await createUser(db, { email, role, password: 'matrix-password-1' }, SYSTEM_ACTOR);
    const result = await signIn(db, { email, password: 'matrix-password-1', ip: `10.1.1.${ROLES.indexOf(role)}`, ttlHours: 1 });
    if (!result.ok) throw new Error('sign-in failed');
    tokens.set(role, result.token);
  }
});

afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

const allowed = (permission: Permission, who: Who) => who !== 'anonymous' && (PERMISSIONS[permission] as readonly Role[]).includes(who);

describe('server actions', () => {
  it('are found', () => {
    expect(actionFiles.length).toBeGreaterThanOrEqual(3);
  });

  for (const file of actionFiles) {
    const rel = path.relative(process.cwd(), file);
    it(`${rel}: every action allows exactly its permission's roles`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== 'function' || PUBLIC_ACTIONS.has(name)) continue;
        const permission = (fn as { permission?: Permission }).permission ?? WRAPPED_ACTIONS[name];
        expect(permission, `${rel} ${name} must go through defineAction`).toBeDefined();
        for (const who of WHO) {
          state.token = tokens.get(who);
          let outcome: string;
          try {
            const result = (await (fn as (a: unknown, b?: unknown) => Promise<unknown>)(undefined, new FormData())) as { ok: boolean; error?: string } | undefined;
            outcome = result && !result.ok ? (result.error ?? '') : 'ok';
          } catch (error) {
            outcome = `threw ${(error as Error).message}`;
          }
          const label = `${name} as ${who} (${permission})`;
          if (who === 'anonymous') expect(outcome, label).toMatch(/session has ended/);
          else if (allowed(permission!, who)) expect(outcome, label).not.toMatch(/may not do this|session has ended/);
          else expect(outcome, label).toMatch(/may not do this/);
        }
      }
    });
  }
});

describe('route handlers', () => {
  for (const file of routeFiles) {
    const route = '/' + path.relative(path.join(process.cwd(), 'app'), path.dirname(file)).split(path.sep).join('/');
    it(`${route}: anonymous gets 401, each role gets exactly what its permission allows`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      const methods = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((m) => typeof mod[m] === 'function');
      expect(methods.length).toBeGreaterThan(0);
      for (const method of methods) {
        if (PUBLIC_ROUTES.has(`${method} ${route}`)) continue;
        const permission = ROUTE_PERMISSIONS[`${method} ${route}`];
        expect(permission, `${method} ${route} must be listed in ROUTE_PERMISSIONS with the permission it requires`).toBeDefined();
        for (const who of WHO) {
          const headers = new Headers({ 'content-type': 'application/json' });
          if (who !== 'anonymous') headers.set('cookie', `x400_session=${tokens.get(who)}`);
          const request = new Request(`http://localhost${route.replace(/\[(\w+)\]/g, '0')}`, { method, headers, body: method === 'GET' ? undefined : '{}' });
          const params = Promise.resolve(new Proxy({}, { get: () => '00000000-0000-0000-0000-000000000000' }));
          const response = (await (mod[method] as (r: Request, c: unknown) => Promise<Response>)(request, { params })) as Response;
          const label = `${method} ${route} as ${who}`;
          if (who === 'anonymous') expect(response.status, label).toBe(401);
          else if (allowed(permission!, who)) expect([401, 403], label).not.toContain(response.status);
          else expect(response.status, label).toBe(403);
        }
      }
    });
  }
});
