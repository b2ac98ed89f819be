// defineRoute: who may call, what input is accepted, and every failure answered by the table,
// for a route defined here and for the real routes whose refusals used to differ.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-route-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

import { createApiToken, createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { AppError } from '@/lib/errors';
import { getDb } from '@/lib/server/db';
import { defineRoute } from '@/lib/server/route';
import { POST as createTicketRoute } from '@/app/api/tickets/route';
import { POST as shareRoute } from '@/app/api/share/[bundleId]/route';

const tokens: Record<string, string> = {};
let engineerCookie = '';

beforeAll(async () => {
  const db = getDb();
  for (const role of ['engineer', 'manager', 'lead'] as const) {
    const { user } = await createUser(db, { email: `${role}@route.test`, role, password: 'route-password-12' }, SYSTEM_ACTOR);
    tokens[role] = await createApiToken(db, user, 'route test');
  }
  const signed = await signIn(db, { email: 'engineer@route.test', password: 'route-password-12', ip: '10.0.0.9', ttlHours: 1 });
  if (!signed.ok) throw new Error('sign-in failed');
  engineerCookie = `x400_session=${signed.token}`;
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

const thing = defineRoute(
  { permission: 'ticket:write', params: z.object({ id: z.string().regex(/^\d+$/, 'No such thing.') }), query: z.object({ mode: z.enum(['plain', 'conflict', 'missing', 'bug']).optional() }), body: z.object({ name: z.string().min(1, 'Name is required'), size: z.number('Size must be a number') }) },
  ({ params, query, body, user }) => {
    if (query.mode === 'conflict') throw new AppError('CONFLICT', 'It is closed.');
    if (query.mode === 'missing') throw new AppError('NOT_FOUND', `No thing ${params.id}.`);
    if (query.mode === 'bug') throw new TypeError('undefined is not a function');
    return { id: params.id, name: body.name, by: user.email };
  },
);

function call(opts: { who?: string; cookie?: string; id?: string; query?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const headers: Record<string, string> = { 'content-type': 'application/json', host: 'localhost', ...opts.headers };
  if (opts.who) headers.authorization = `Bearer ${tokens[opts.who]}`;
  if (opts.cookie) headers.cookie = opts.cookie;
  const request = new Request(`http://localhost/api/things/${opts.id ?? '1'}${opts.query ?? ''}`, { method: 'POST', headers, body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body ?? { name: 'x', size: 1 }) });
  return thing(request, { params: Promise.resolve({ id: opts.id ?? '1' }) });
}
const answer = async (p: Promise<Response>) => {
  const res = await p;
  return { status: res.status, ...((await res.json()) as Record<string, unknown>) };
};

describe('defineRoute', () => {
  it('runs the handler for an allowed caller with valid input', async () => {
    expect(await answer(call({ who: 'engineer' }))).toEqual({ status: 200, id: '1', name: 'x', by: 'engineer@route.test' });
  });

  it('401 without a session or token, 403 for a role without the permission', async () => {
    expect(await answer(call())).toMatchObject({ status: 401, code: 'UNAUTHORIZED' });
    expect(await answer(call({ who: 'manager' }))).toMatchObject({ status: 403, code: 'FORBIDDEN', error: expect.stringMatching(/ticket:write/) });
  });

  it('403 for a cookie-authenticated write from another origin; a token is not checked', async () => {
    expect(await answer(call({ cookie: engineerCookie, headers: { origin: 'http://localhost:3199' } }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    expect(await answer(call({ cookie: engineerCookie, headers: { origin: 'http://localhost' } }))).toMatchObject({ status: 200 });
    expect(await answer(call({ who: 'engineer', headers: { origin: 'http://localhost:3199' } }))).toMatchObject({ status: 200 });
  });

  it('400 with problems keyed by field for a body the schema refuses, or no JSON at all', async () => {
    expect(await answer(call({ who: 'engineer', body: { name: '', size: 'big' } }))).toEqual({
      status: 400,
      code: 'INVALID_INPUT',
      error: 'name: Name is required',
      fieldErrors: { name: ['Name is required'], size: ['Size must be a number'] },
    });
    expect(await answer(call({ who: 'engineer', body: 'not json' }))).toMatchObject({ status: 400, error: 'The body must be JSON.' });
  });

  it('400 for a repeated or unknown query value; 404 for route params the schema refuses', async () => {
    expect(await answer(call({ who: 'engineer', query: '?mode=plain&mode=bug' }))).toMatchObject({ status: 400, error: expect.stringMatching(/"mode" is given 2 times/) });
    expect(await answer(call({ who: 'engineer', query: '?mode=loud' }))).toMatchObject({ status: 400, code: 'INVALID_INPUT' });
    expect(await answer(call({ who: 'engineer', id: 'abc' }))).toEqual({ status: 404, code: 'NOT_FOUND', error: 'No such thing.' });
  });

  it('maps what the domain throws by the table; anything else is a 500 that says nothing of it', async () => {
    expect(await answer(call({ who: 'engineer', query: '?mode=conflict' }))).toEqual({ status: 409, code: 'CONFLICT', error: 'It is closed.' });
    expect(await answer(call({ who: 'engineer', query: '?mode=missing' }))).toEqual({ status: 404, code: 'NOT_FOUND', error: 'No thing 1.' });
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    const bug = await answer(call({ who: 'engineer', query: '?mode=bug' }));
    spy.mockRestore();
    expect(bug).toMatchObject({ status: 500, code: 'INTERNAL' });
    expect(JSON.stringify(bug)).not.toContain('undefined is not a function');
  });
});

describe('real routes answer a refused role with 403, whichever route', () => {
  it('POST /api/tickets (a domain refusal used to be a 400 there) and POST /api/share', async () => {
    const ticket = { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'Forbidden probe', components: ['queue'], reportedAt: [] };
    const asManager = new Request('http://localhost/api/tickets', { method: 'POST', headers: { authorization: `Bearer ${tokens.manager}`, 'content-type': 'application/json' }, body: JSON.stringify(ticket) });
    expect((await createTicketRoute(asManager)).status).toBe(403);
    const share = new Request('http://localhost/api/share/x', { method: 'POST', headers: { authorization: `Bearer ${tokens.engineer}`, 'content-type': 'application/json' }, body: '{}' });
    expect((await shareRoute(share, { params: Promise.resolve({ bundleId: '33333333-3333-4333-8333-333333333333' }) })).status).toBe(403);
  });

  it('POST /api/tickets: a refused ticket names each field', async () => {
    const bad = new Request('http://localhost/api/tickets', { method: 'POST', headers: { authorization: `Bearer ${tokens.engineer}`, 'content-type': 'application/json' }, body: JSON.stringify({ customerName: ' ', customerContact: 'ops@acme.example', severity: 9, summary: 'x' }) });
    const res = await createTicketRoute(bad);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { fieldErrors: Record<string, string[]> };
    expect(Object.keys(body.fieldErrors).sort()).toEqual(['customerName', 'severity']);
  });
});
