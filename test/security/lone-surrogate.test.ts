// Text with a lone UTF-16 surrogate (JSON "\ud800", a broken paste) is stored well-formed, so the
// server's HTML and the client's render agree and the ticket page hydrates.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-surrogate-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir, token: '' };
});
vi.mock('next/headers', () => ({
  cookies: async () => ({ get: (name: string) => (name === 'x400_session' ? { name, value: state.token } : undefined), set: () => {}, delete: () => {} }),
  headers: async () => new Headers({ 'x-forwarded-for': '127.0.0.1' }),
}));
vi.mock('next/cache', () => ({ revalidatePath: () => {}, revalidateTag: () => {}, refresh: () => {} }));

import { listTicketEvents } from '@/db/queries/tickets';
import { createApiToken, createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { createTicket } from '@/lib/tickets/service';
import { getDb } from '@/lib/server/db';
import { addNoteAction } from '@/app/(console)/tickets/actions';
import { POST as createTicketRoute } from '@/app/api/tickets/route';

const WELL_FORMED = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;
let ticketId = 0;
let apiToken = '';

beforeAll(async () => {
  const db = getDb();
  const { user } = await createUser(db, { email: 'eng@surrogate.test', role: 'engineer', password: 'surrogate-pass-1' }, SYSTEM_ACTOR);
  const signed = await signIn(db, { email: 'eng@surrogate.test', password: 'surrogate-pass-1', ip: '10.0.0.2', ttlHours: 1 });
  if (!signed.ok) throw new Error('sign-in failed');
  state.token = signed.token;
  apiToken = await createApiToken(db, user, 'surrogates');
  ticketId = (await createTicket(db, user, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 3, summary: 'x', components: [], reportedAt: [] })).id;
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

describe('lone surrogates', () => {
  it('a note keeps its text, with U+FFFD where the lone surrogate was', async () => {
    // Called with an object, as a client component calls a server action (FormData would already
    // have replaced the surrogate: its values are USVStrings).
    expect((await addNoteAction({ ticketId, text: 'before \uD800 after \uDC00 end 😀' })).ok).toBe(true);
    const note = (await listTicketEvents(getDb(), ticketId)).find((e) => e.kind === 'note');
    const text = (note!.data as { text: string }).text;
    expect(text).toBe('before \uFFFD after \uFFFD end 😀');
    expect(text).toMatch(WELL_FORMED);
  });

  it('a ticket created over the API is stored well-formed', async () => {
    const body = '{"customerName":"Acme \\ud800","customerContact":"ops@acme.example","severity":3,"summary":"lone \\udfff","components":[],"reportedAt":[]}';
    const res = await createTicketRoute(new Request('http://localhost/api/tickets', { method: 'POST', headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' }, body }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as { customer?: string; summary?: string };
    expect(JSON.stringify(created)).not.toMatch(/\\ud[89a-f]/i);
  });
});
