// Rate limits key on what was proven: a valid token, a signed-in user, or (for requests that prove
// nothing) the client address. Made-up tokens share their sender's address budget, so sending
// many of them neither grows the limiter nor escapes it.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-limit-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});

import { createApiToken, createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { getDb } from '@/lib/server/db';
import { LIMITS } from '@/lib/server/rate-limit';
import { GET as board } from '@/app/api/board/route';

let token = '';
beforeAll(async () => {
  const { user } = await createUser(getDb(), { email: 'lead@limit.test', role: 'lead', password: 'limit-password-12' }, SYSTEM_ACTOR);
  token = await createApiToken(getDb(), user, 'limit test');
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

const call = (authorization: string, address: string) => board(new Request('http://localhost/api/board', { headers: { authorization, 'x-x400-peer': address } }));

describe('rate limits', () => {
  it('bogus bearer tokens are counted on the sender’s address, each a 401 until the address is over its limit', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LIMITS.anonymous.points + 5; i++) statuses.push((await call(`Bearer x400_bogus${i}`, '203.0.113.9')).status);
    expect(statuses.slice(0, LIMITS.anonymous.points).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('another address, and a valid token from the limited address, still get through', async () => {
    expect((await call('Bearer x400_bogus-other', '203.0.113.10')).status).toBe(401);
    expect((await call(`Bearer ${token}`, '203.0.113.9')).status).toBe(200);
  });

  it('a valid token has its own budget', async () => {
    let status = 200;
    let calls = 1;
    for (; calls <= LIMITS.apiToken.points + 1 && status === 200; calls++) status = (await call(`Bearer ${token}`, `198.51.100.${calls % 250}`)).status;
    expect(status).toBe(429);
    expect(calls - 1).toBe(LIMITS.apiToken.points);
  });
});
