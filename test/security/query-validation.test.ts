// Every query string is checked before use: repeated parameters, huge numbers, impossible dates
// and report ranges of centuries are a 400 naming the parameter, not a 500 or a frozen server.
import fs from 'node:fs';
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const state = vi.hoisted(() => {
  const dir = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-query-'));
  process.env.X400_DATA_DIR = dir;
  process.env.X400_APP_ROOT = process.cwd();
  return { dir };
});

import { createApiToken, createUser, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { getDb } from '@/lib/server/db';
import { readQuery } from '@/lib/http/query';
import { ticketsQuery } from '@/lib/http/page-queries';
import { GET as slaCsv } from '@/app/api/reports/sla/route';
import { GET as weeklyMarkdown } from '@/app/api/reports/weekly/route';
import { GET as board } from '@/app/api/board/route';
import { proxy } from '@/proxy';

let auth = '';
beforeAll(async () => {
  const { user } = await createUser(getDb(), { email: 'manager@query.test', role: 'manager', password: 'query-password-12' }, SYSTEM_ACTOR);
  auth = `Bearer ${await createApiToken(getDb(), user, 'query test')}`;
});
afterAll(() => fs.rmSync(state.dir, { recursive: true, force: true }));

const get = (path: string) => new Request(`http://localhost:3000${path}`, { headers: { authorization: auth } });

describe('report APIs', () => {
  it('refuse a range of centuries with a message, before computing anything', async () => {
    const res = await slaCsv(get('/api/reports/sla?from=2000-01-01&to=2099-12-31'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/at most 3 years/);
  });

  it('refuse dates outside the supported years', async () => {
    for (const q of ['from=1000-01-01&to=2999-12-31', 'from=0001-01-01&to=9999-12-31']) {
      const res = await slaCsv(get(`/api/reports/sla?${q}`));
      expect(res.status, q).toBe(400);
      expect((await res.json()).error, q).toMatch(/"from"/);
    }
  });

  it('refuse a long range when only one end is given', async () => {
    const res = await slaCsv(get('/api/reports/sla?from=2001-01-01'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/at most 3 years/);
  });

  it('refuse week=9999-12-31 and a repeated week', async () => {
    let res = await weeklyMarkdown(get('/api/reports/weekly?week=9999-12-31'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/"week"/);
    res = await weeklyMarkdown(get('/api/reports/weekly?week=2026-11-23&week=2026-11-30'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toMatch(/"week" is given 2 times/);
  });

  it('refuse an unknown part, and answer a year-long range', async () => {
    expect((await slaCsv(get('/api/reports/sla?part=everything'))).status).toBe(400);
    expect((await slaCsv(get('/api/reports/sla?from=2025-12-01&to=2026-11-30&part=totals'))).status).toBe(200);
  });

  it('are rate limited per caller', async () => {
    let status = 200;
    for (let i = 0; i < 40 && status !== 429; i++) status = (await weeklyMarkdown(get('/api/reports/weekly?week=2026-11-23'))).status;
    expect(status).toBe(429);
    expect((await board(get('/api/board'))).status).toBe(200);
  });
});

describe('page query strings', () => {
  it('reads each parameter once, with numbers in range', () => {
    expect(readQuery(ticketsQuery, new URLSearchParams('page=2&severity=1'))).toEqual({ ok: true, data: { page: 2, severity: '1' } });
    for (const q of ['page=1e308', 'page=0', 'page=-1', 'page=99999999999', 'status=new&status=closed', 'severity=9', 'sort=drop']) {
      const result = readQuery(ticketsQuery, new URLSearchParams(q));
      expect(result.ok, q).toBe(false);
    }
  });

  it('an empty field from the filter form is no filter', () => {
    expect(readQuery(ticketsQuery, new URLSearchParams('q=&severity=&status=&page='))).toEqual({ ok: true, data: {} });
  });

  it('the proxy answers 400 for a bad query and a malformed %-escape never reaches a page as an error', async () => {
    for (const path of ['/tickets?page=1e308', '/tickets?status=new&status=closed', '/reports/weekly?week=9999-12-31', '/reports/sla?from=1000-01-01&to=2999-12-31', '/audit?before=abc']) {
      const res = await proxy(new NextRequest(`http://localhost:3000${path}`));
      expect(res.status, path).toBe(400);
      expect(await res.text(), path).toMatch(/Bad request/);
    }
    const ok = await proxy(new NextRequest('http://localhost:3000/tickets?q=%E0%A4%A&_rsc=1'));
    expect(ok.status).toBe(200);
  });
});
