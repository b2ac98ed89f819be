// Route handlers refuse cookie-authenticated writes sent from another origin (another port of the
// same host included) or with a content type a plain HTML form can send; API tokens are unaffected.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-csrf-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

import { listTickets } from '@/db/queries/tickets';
import { createApiToken, createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { getDb } from '@/lib/server/db';
import { POST as createTicketRoute } from '@/app/api/tickets/route';
import { POST as uploadRoute } from '@/app/api/tickets/[id]/bundles/route';

const ticket = { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'CSRF probe', components: ['queue'], reportedAt: ['2026-11-26T21:40:00Z'] };
let cookie = '';
let token = '';

beforeAll(async () => {
  const db = getDb();
  const { user } = await createUser(db, { email: 'eng@csrf.test', role: 'engineer', password: 'csrf-password-12' }, SYSTEM_ACTOR);
  const signed = await signIn(db, { email: 'eng@csrf.test', password: 'csrf-password-12', ip: '10.0.0.1', ttlHours: 1 });
  if (!signed.ok) throw new Error('sign-in failed');
  cookie = `x400_session=${signed.token}`;
  token = await createApiToken(db, user, 'csrf test');
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

const count = async () => (await listTickets(getDb(), { limit: 500 })).total;

function post(url: string, headers: Record<string, string>, body: BodyInit) {
  return new Request(url, { method: 'POST', headers: { host: 'localhost:3000', ...headers }, body });
}

describe('cookie-authenticated writes', () => {
  it('refuse a text/plain form post from another port of the same host, creating nothing', async () => {
    const before = await count();
    const res = await createTicketRoute(post('http://localhost:3000/api/tickets', { cookie, origin: 'http://localhost:3199', 'sec-fetch-site': 'same-site', 'content-type': 'text/plain' }, JSON.stringify(ticket)));
    expect(res.status).toBe(403);
    expect(await count()).toBe(before);
  });

  it('refuse a text/plain body even without Origin or Sec-Fetch-Site', async () => {
    const res = await createTicketRoute(post('http://localhost:3000/api/tickets', { cookie, 'content-type': 'text/plain' }, JSON.stringify(ticket)));
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/application\/json/);
  });

  it('refuse a no-cors multipart upload from another origin', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'trace-20261126T215803Z-cli.zip');
    const res = await uploadRoute(post('http://localhost:3000/api/tickets/1/bundles', { cookie, origin: 'http://localhost:3199', 'sec-fetch-site': 'same-site' }, form), { params: Promise.resolve({ id: '1' }) });
    expect(res.status).toBe(403);
  });

  it('accept JSON from the console itself', async () => {
    const before = await count();
    const res = await createTicketRoute(post('http://localhost:3000/api/tickets', { cookie, origin: 'http://localhost:3000', 'sec-fetch-site': 'same-origin', 'content-type': 'application/json' }, JSON.stringify(ticket)));
    expect(res.status).toBe(201);
    expect(await count()).toBe(before + 1);
  });
});

describe('bearer-token requests', () => {
  it('are not subject to the origin or content-type check', async () => {
    const res = await createTicketRoute(post('http://localhost:3000/api/tickets', { authorization: `Bearer ${token}`, origin: 'http://localhost:3199', 'content-type': 'text/plain' }, JSON.stringify(ticket)));
    expect(res.status).toBe(201);
  });
});
