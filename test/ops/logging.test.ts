// Structured logs: JSON lines at LOG_LEVEL, each line written while a request is handled carrying
// that request's id; route handlers answer with the id they logged under.
import { Writable } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';

vi.hoisted(() => {
  process.env.X400_DATA_DIR = require('node:fs').mkdtempSync(require('node:path').join(require('node:os').tmpdir(), 'x400-log-'));
});

import { makeLogger, requestIdFor, withRequestId } from '@/lib/log';
import { defineRoute } from '@/lib/server/route';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

afterEach(() => {
  delete process.env.LOG_LEVEL;
});

describe('logs', () => {
  it('are JSON lines, and every line inside a request carries its id', async () => {
    const { lines, stream } = capture();
    const log = makeLogger(stream);
    log.info('outside');
    await withRequestId('req-1', async () => {
      log.info({ step: 1 }, 'first');
      await new Promise((r) => setTimeout(r, 5));
      log.warn('after an await');
    });
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['outside', undefined],
      ['first', 'req-1'],
      ['after an await', 'req-1'],
    ]);
    expect(lines[1]).toMatchObject({ level: 30, step: 1, service: 'x400-support-console' });
  });

  it('honour LOG_LEVEL', () => {
    process.env.LOG_LEVEL = 'warn';
    const { lines, stream } = capture();
    const log = makeLogger(stream);
    log.info('hidden');
    log.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('take a well-formed X-Request-Id from the caller, else make one', () => {
    expect(requestIdFor(new Headers({ 'x-request-id': 'abc-123' }))).toBe('abc-123');
    expect(requestIdFor(new Headers({ 'x-request-id': 'bad id {"x":1}' }))).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a route answers with the request id it logged under', async () => {
    const route = defineRoute({ permission: 'public' }, () => ({ ok: true }));
    const res = await route(new Request('http://localhost/api/x', { headers: { 'x-request-id': 'trace-me' } }));
    expect(res.headers.get('x-request-id')).toBe('trace-me');
  });
});
