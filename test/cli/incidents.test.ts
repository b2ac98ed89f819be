// `x400-support ticket link|unlink|related`: the same parent-incident rules and related-ticket
// suggestions as the ticket page, from the shell.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { insertBundle } from '@/db/queries/bundles';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-cli-incidents-'));
process.env.X400_DATA_DIR = dataDir;
process.env.X400_APP_ROOT = process.cwd();

const { main, consoleIo } = await import('@/lib/cli/main');

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, { ...consoleIo(), out: (s) => out.push(s), err: (s) => err.push(s), readStdin: async () => null });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

async function ticket(customer: string): Promise<number> {
  const r = await run(['ticket', 'create', '--customer', customer, '--contact', 'ops@example.test', '--severity', '2', '--summary', `${customer} bounces`, '--component', 'mta']);
  expect(r.code, r.err).toBe(0);
  return Number(r.out);
}

describe('x400-support ticket link / unlink / related', () => {
  it('suggests, links, refuses a cycle, and unlinks', async () => {
    const a = await ticket('Acme');
    const b = await ticket('Globex');
    const db = consoleIo().db();
    for (const [n, id] of [[1, a], [2, b]] as const) {
      await insertBundle(db, {
        id: `00000000-0000-4000-8000-00000000000${n}`, sha256: String(n).repeat(64), fileName: `trace-${n}-cli.zip`, size: 1, channel: 'cli',
        createdAt: new Date(), ingestedAt: new Date(), ticketId: id, state: 'active', consentGranted: true, metadata: {}, parseState: 'parsed',
        report: { metrics: { errorCodes: { 'X400-2101': 2 }, ndr: { reasons: {}, diagnostics: {} }, operations: [] } },
      });
    }
    const related = await run(['ticket', 'related', '--ticket', String(a), '--json']);
    expect(related.code, related.err).toBe(0);
    expect(JSON.parse(related.out)).toMatchObject({ ticketId: a, suggestions: [{ ticket: { id: b, customerName: 'Globex' }, why: 'error code X400-2101', identical: true }], parent: null, children: [] });
    expect((await run(['ticket', 'related', '--ticket', String(a)])).out).toMatch(new RegExp(`${b}\\s+Sev-2\\s+new\\s+Globex\\s+\\(same\\) error code X400-2101`));

    expect((await run(['ticket', 'link', '--parent', String(a), '--child', `#${b}`])).out).toBe(`Ticket #${b} is linked under incident #${a}.`);
    const cycle = await run(['ticket', 'link', '--parent', String(b), '--child', String(a)]);
    expect(cycle.code).toBe(70);
    expect(cycle.err).toContain('would make a cycle');
    expect(JSON.parse((await run(['ticket', 'related', '--ticket', String(b), '--json'])).out)).toMatchObject({ parent: a });
    expect(JSON.parse((await run(['ticket', 'unlink', '--child', String(b), '--json'])).out)).toEqual({ parentId: a, childId: b });
    expect((await run(['ticket', 'link', '--parent', 'x', '--child', '1'])).code).toBe(64);
  });
});
