// The full role matrix: every server action and every route handler, called as anonymous,
// engineer, lead, manager and admin, allows exactly the roles its permission names and refuses
// the rest, on the server, whatever the UI shows. The permission each is meant to require is
// written down here (ACTION_PERMISSIONS, ROUTE_PERMISSIONS), not read from the code under test;
// a new action or route fails until it is listed. Each action is called with valid input, so an
// allowed role reaches the domain (no field errors) and a refused one is stopped by its role alone.
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

import { ROLES, type Role, type User } from '@/db/schema';
import { createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { PERMISSIONS, type Permission } from '@/lib/auth/roles';
import { getDb } from '@/lib/server/db';
import { createTicket } from '@/lib/tickets/service';
import { linkIncident } from '@/lib/incidents/service';

type Who = Role | 'anonymous';
const WHO: Who[] = ['anonymous', ...ROLES];
const tokens = new Map<Who, string>();

/** Route handlers and the permission each must require. */
const ROUTE_PERMISSIONS: Record<string, Permission> = {
  'GET /api/tickets': 'ticket:read',
  'GET /api/inbox': 'ticket:read',
  'POST /api/inbox': 'ticket:read',
  'POST /api/tickets': 'ticket:write',
  'POST /api/tickets/[id]/bundles': 'bundle:upload',
  'GET /api/ingest/[jobId]': 'ticket:read',
  'GET /api/ingest/bundles/[bundleId]': 'ticket:read',
  'GET /api/bundles/[id]/critical-path': 'bundle:contents',
  'GET /api/bundles/[id]/logs': 'bundle:contents',
  'GET /api/bundles/[id]/log-ticks': 'bundle:contents',
  'GET /api/bundles/[id]/where': 'bundle:upload',
  'GET /api/bundles/[id]/search': 'bundle:contents',
  'GET /api/bundles/[id]/series': 'bundle:contents',
  'GET /api/bundles/[id]/skeleton': 'bundle:contents',
  'GET /api/bundles/[id]/spans/[pos]': 'bundle:contents',
  'POST /api/share/[bundleId]': 'bundle:share',
  'GET /api/share/[bundleId]': 'bundle:share',
  'GET /api/shares/[jobId]': 'bundle:share',
  'GET /api/shares/[jobId]/download': 'bundle:share',
  'GET /api/board': 'board:read',
  'GET /api/reports/sla': 'reports:read',
  'GET /api/reports/weekly': 'reports:read',
  'GET /api/tickets/[id]/review': 'ticket:read',
};

/** Route handlers that need no session: liveness and readiness probes (tested in test/ops). */
// The paging webhook has no session: its HMAC signature authenticates it (test/escalation/paging-lifecycle.test.ts).
const PUBLIC_ROUTES = new Set(['GET /api/health', 'GET /api/ready', 'POST /api/webhooks/paging']);

/** Server actions and the permission each must require (from the rights table of the product spec). */
const ACTION_PERMISSIONS: Record<string, Permission> = {
  createTicketAction: 'ticket:write',
  acknowledgeAction: 'ticket:write',
  confirmTriageAction: 'ticket:write',
  assignAction: 'ticket:write',
  addNoteAction: 'ticket:write',
  changeStatusAction: 'ticket:write',
  reopenAction: 'ticket:write',
  updateTicketAction: 'ticket:write',
  confirmConsentAction: 'ticket:write',
  linkBundleAction: 'bundle:upload',
  saveMitigationAction: 'ticket:write',
  addTaskAction: 'ticket:write',
  customerNotifiedAction: 'ticket:write',
  customerConfirmedAction: 'ticket:write',
  tagReleaseAction: 'ticket:write',
  saveLearningsAction: 'ticket:write',
  pauseSlaAction: 'ticket:write',
  resumeSlaAction: 'ticket:write',
  recordEscalationActionAction: 'board:act',
  retryWebhookAction: 'board:act',
  addUserAction: 'settings:manage',
  changeRoleAction: 'settings:manage',
  setDisabledAction: 'settings:manage',
  resetPasswordAction: 'settings:manage',
  createTokenAction: 'account:self',
  revokeTokenAction: 'account:self',
  changePasswordAction: 'account:self',
  saveCalendarAction: 'settings:manage',
  importIcsAction: 'settings:manage',
  saveTargetsAction: 'settings:manage',
  saveWebhookAction: 'settings:manage',
  setRetentionAction: 'settings:manage',
  saveWarningsAction: 'settings:manage',
  savePagingSecretAction: 'settings:manage',
  previewPurgeAction: 'bundle:purge',
  purgeNowAction: 'bundle:purge',
  sendCustomerUpdateAction: 'ticket:write',
  saveReviewAction: 'ticket:write',
  waiveReviewAction: 'board:act',
  addActionItemAction: 'ticket:write',
  actionItemDoneAction: 'ticket:write',
  markUpdateSentAction: 'ticket:write',
  saveViewAction: 'ticket:read',
  deleteViewAction: 'ticket:read',
  bulkTicketsAction: 'ticket:write',
  linkIncidentAction: 'incident:link',
  unlinkIncidentAction: 'incident:link',
};

/** Server actions that do not go through defineAction, and why: signing in and out has no role;
 * a customer's confirmation link is its own credential (test/customer-updates). */
const PUBLIC_ACTIONS = new Set(['signInAction', 'signOutAction', 'confirmByLinkAction']);

let seq = 0;
const unique = () => `${Date.now().toString(36)}${(seq++).toString(36)}`;
async function freshTicket(): Promise<number> {
  const ticket = await createTicket(getDb(), SYSTEM_ACTOR, { customerName: 'Matrix', customerContact: 'ops@matrix.example', severity: 2, summary: `Matrix ${unique()}`, components: ['queue'], reportedAt: [] });
  return ticket.id;
}
async function victim(): Promise<User> {
  return (await createUser(getDb(), { email: `victim-${unique()}@matrix.test`, role: 'engineer', password: 'matrix-password-1' }, SYSTEM_ACTOR)).user;
}
const SOME_BUNDLE = '0f0e0d0c-0b0a-4909-8807-060504030201';
const ICS = 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20271225\r\nSUMMARY:Christmas\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n';
const targets = Object.fromEntries(
  [1, 2, 3].flatMap((s) => ['ack', 'mitigate'].flatMap((n) => [[`t${s}_${n}_kind`, 'elapsed'], [`t${s}_${n}_minutes`, String(s * 60)]])),
);

/** Input that passes each action's schema and names real records where the domain needs them. */
const VALID_INPUT: Record<string, () => Promise<unknown>> = {
  createTicketAction: async () => ({ customerName: 'Matrix', customerContact: 'ops@matrix.example', severity: 3, summary: 'From the matrix', components: ['queue'], reportedAt: [] }),
  acknowledgeAction: async () => ({ ticketId: await freshTicket() }),
  confirmTriageAction: async () => ({ ticketId: await freshTicket() }),
  assignAction: async () => ({ ticketId: await freshTicket(), assigneeId: '' }),
  addNoteAction: async () => ({ ticketId: await freshTicket(), text: 'A note from the matrix' }),
  changeStatusAction: async () => ({ ticketId: await freshTicket(), status: 'acknowledged' }),
  reopenAction: async () => ({ ticketId: await freshTicket(), reason: 'The customer saw it again' }),
  updateTicketAction: async () => ({ ticketId: await freshTicket(), customerContact: 'ops@matrix.example', severity: 2, summary: 'Edited by the matrix', components: ['queue'], reportedAt: '2026-11-26 21:40' }),
  confirmConsentAction: async () => ({ ticketId: await freshTicket(), bundleId: SOME_BUNDLE }),
  linkBundleAction: async () => ({ ticketId: await freshTicket(), bundleId: SOME_BUNDLE }),
  saveMitigationAction: async () => ({ ticketId: await freshTicket(), steps: 'Restart the queue.' }),
  addTaskAction: async () => ({ ticketId: await freshTicket(), title: 'Fix it', link: 'https://tracker.example/1', bundleIds: [] }),
  customerNotifiedAction: async () => ({ ticketId: await freshTicket(), at: '2026-11-26T22:00', via: 'email', message: 'We are on it.' }),
  customerConfirmedAction: async () => ({ ticketId: await freshTicket(), at: '2026-11-26T23:00', confirmation: 'Works again.' }),
  tagReleaseAction: async () => ({ ticketId: await freshTicket(), version: '4.12.1' }),
  saveLearningsAction: async () => ({ ticketId: await freshTicket(), learnings: 'Alert on queue age.' }),
  pauseSlaAction: async () => ({ ticketId: await freshTicket(), reason: 'Waiting for the customer', from: '' }),
  resumeSlaAction: async () => ({ ticketId: await freshTicket() }),
  recordEscalationActionAction: async () => ({ ticketId: await freshTicket(), kind: 'update', note: 'Still investigating' }),
  retryWebhookAction: async () => ({ actionId: 1 }),
  addUserAction: async () => ({ email: `new-${unique()}@matrix.test`, name: 'New', role: 'engineer' }),
  changeRoleAction: async () => ({ userId: (await victim()).id, role: 'lead' }),
  setDisabledAction: async () => ({ email: (await victim()).email, disabled: true }),
  resetPasswordAction: async () => ({ userId: (await victim()).id }),
  createTokenAction: async () => ({ name: `script ${unique()}` }),
  revokeTokenAction: async () => ({ tokenId: 'no-such-token' }),
  changePasswordAction: async () => ({ current: 'not-the-password', next: 'a-new-password-123' }),
  saveCalendarAction: async () => ({ timeZone: 'UTC', holidays: '', mon: '09:00-17:00', tue: '09:00-17:00', wed: '09:00-17:00', thu: '09:00-17:00', fri: '09:00-17:00', sat: '', sun: '' }),
  importIcsAction: async () => {
    const form = new FormData();
    form.set('file', new File([ICS], 'holidays.ics', { type: 'text/calendar' }));
    return form;
  },
  saveTargetsAction: async () => targets,
  saveWebhookAction: async () => ({ url: '', routingKey: '' }),
  setRetentionAction: async () => ({ defaultDays: 30, quarantineDays: 7 }),
  saveWarningsAction: async () => ({ w1_thresholds: '50, 80', w1_pageAt: '80', w2_thresholds: '80', w2_pageAt: '', w3_thresholds: '', w3_pageAt: '' }),
  savePagingSecretAction: async () => ({ secret: 'a-signing-secret-of-the-matrix', remove: '' }),
  previewPurgeAction: async () => ({}),
  purgeNowAction: async () => ({}),
  saveReviewAction: async () => ({ ticketId: await freshTicket(), body: '# Review', complete: '1' }),
  waiveReviewAction: async () => ({ ticketId: await freshTicket(), reason: 'A duplicate of an incident already reviewed.' }),
  addActionItemAction: async () => ({ ticketId: await freshTicket(), title: 'Alert on free space', owner: 'SRE' }),
  actionItemDoneAction: async () => ({ ticketId: await freshTicket(), itemId: 999_999 }),
  sendCustomerUpdateAction: async () => ({ ticketId: await freshTicket(), situation: 'investigating', subject: 'Update on your ticket', body: 'We are investigating.' }),
  markUpdateSentAction: async () => ({ ticketId: await freshTicket(), updateId: 1, via: 'email' }),
  saveViewAction: async () => ({ name: `Matrix view ${unique()}`, query: 'severity=1&assignee=me' }),
  deleteViewAction: async () => ({ viewId: 999_999 }),
  bulkTicketsAction: async () => ({ op: 'assign', ticketIds: [await freshTicket(), await freshTicket()], assigneeId: '' }),
  linkIncidentAction: async () => ({ parentId: await freshTicket(), childId: await freshTicket() }),
  unlinkIncidentAction: async () => {
    const [parentId, childId] = [await freshTicket(), await freshTicket()];
    await linkIncident(getDb(), SYSTEM_ACTOR, { parentId, childId });
    return { childId };
  },
};

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
    it(`${rel}: every action allows exactly the roles of its listed permission`, async () => {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, fn] of Object.entries(mod)) {
        if (typeof fn !== 'function' || PUBLIC_ACTIONS.has(name)) continue;
        const permission = ACTION_PERMISSIONS[name];
        expect(permission, `${rel} ${name} must be listed in ACTION_PERMISSIONS with the permission it requires`).toBeDefined();
        expect(VALID_INPUT[name], `${rel} ${name} needs valid input in VALID_INPUT`).toBeDefined();
        const declared = (fn as { permission?: Permission }).permission;
        if (declared !== undefined) expect(declared, `${name} is guarded by ${declared}, but must require ${permission}`).toBe(permission);
        for (const who of WHO) {
          state.token = tokens.get(who);
          const input = await VALID_INPUT[name]!();
          let outcome: string;
          let fieldErrors: string[] | undefined;
          try {
            const result = (await (input instanceof FormData ? await (fn as (a: unknown, b?: unknown) => Promise<unknown>)(undefined, input) : await (fn as (a: unknown) => Promise<unknown>)(input))) as { ok: boolean; error?: string; fieldErrors?: string[] } | undefined;
            outcome = result && !result.ok ? (result.error ?? '') : 'ok';
            fieldErrors = result && !result.ok ? result.fieldErrors : undefined;
          } catch (error) {
            outcome = /NEXT_REDIRECT/.test((error as Error).message) ? 'ok' : `threw ${(error as Error).message}`;
          }
          const label = `${name} as ${who} (${permission}): ${outcome}`;
          if (process.env.X400_MATRIX_LOG) console.log(label);
          if (who === 'anonymous') expect(outcome, label).toMatch(/session has ended/);
          else if (allowed(permission!, who)) {
            expect(outcome, label).not.toMatch(/may not|session has ended|^threw/);
            expect(fieldErrors, `${label}: the valid input must reach the domain`).toBeUndefined();
          } else expect(outcome, label).toMatch(/may not do this/);
        }
      }
    });
  }

  it('every listed action exists', async () => {
    const names = new Set<string>();
    for (const file of actionFiles) for (const name of Object.keys(await import(file))) names.add(name);
    expect(Object.keys(ACTION_PERMISSIONS).filter((n) => !names.has(n))).toEqual([]);
  });
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
