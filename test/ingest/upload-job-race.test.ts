// Issue 9, defect 20: GET /api/ingest/<jobId> must know the job as soon as the upload starts,
// not only once the server has read the whole body (the page polls right after sending).
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-upload-race-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});

vi.mock('next/headers', () => ({
  cookies: async () => ({ get: () => undefined, set: () => {}, delete: () => {} }),
  headers: async () => new Headers(),
}));

import { randomUUID } from 'node:crypto';
import type { User } from '@/db/schema';
import { createApiToken } from '@/lib/auth/accounts';
import { makeBundle } from '@/test/support/make-bundle';
import { getDb } from '@/lib/server/db';
import { createTicket } from '@/lib/tickets/service';
import { GET } from '@/app/api/ingest/[jobId]/route';
import { POST } from '@/app/api/tickets/[id]/bundles/route';
import { seedUser } from '../helpers';

let engineer: User;
let token: string;
let ticketId: number;

beforeAll(async () => {
  const db = getDb();
  engineer = await seedUser(db, 'engineer');
  token = await createApiToken(db, engineer, 'race');
  ticketId = (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Backlog', components: ['queue'], reportedAt: [] })).id;
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

describe('upload progress polling', () => {
  it('answers the job while the body is still arriving, then its outcome', async () => {
    const bundle = makeBundle();
    const job = randomUUID();
    let push!: (chunk: Uint8Array | null) => void;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        push = (chunk) => (chunk ? controller.enqueue(chunk) : controller.close());
      },
    });
    const auth = { authorization: `Bearer ${token}` };
    const upload = POST(
      new Request(`http://localhost/api/tickets/${ticketId}/bundles?name=${encodeURIComponent(bundle.fileName)}&job=${job}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/zip' },
        body,
        duplex: 'half',
      } as RequestInit),
      { params: Promise.resolve({ id: String(ticketId) }) },
    );
    push(new Uint8Array(bundle.buffer.subarray(0, 100)));
    // Let the handler reach the body read.
    await new Promise((r) => setTimeout(r, 200));
    const during = await GET(new Request(`http://localhost/api/ingest/${job}`, { headers: auth }), { params: Promise.resolve({ jobId: job }) });
    expect(during.status).toBe(200);
    expect(await during.json()).toMatchObject({ id: job, state: 'received' });
    push(new Uint8Array(bundle.buffer.subarray(100)));
    push(null);
    const res = await upload;
    expect(res.status).toBe(201);
    const after = await GET(new Request(`http://localhost/api/ingest/${job}`, { headers: auth }), { params: Promise.resolve({ jobId: job }) });
    expect(await after.json()).toMatchObject({ state: 'done', bundleId: String(bundle.metadata.bundleId) });
  });
});
