// Logs parsed at consent: stored redacted like spans, filtered, and found from their span.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findBundle } from '@/db/queries/bundles';
import { listLogLines, logLevels, logLinesOfSpan, unlinkedLogLinesBetween } from '@/db/queries/logs';
import { writeBundle } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';

const TRACE = 'cd'.repeat(16);
const SPAN = '0123456789abcdef';
const T0 = Date.parse('2026-11-26T21:58:00Z');

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-logs-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('logs at consent', () => {
  it('are stored redacted, filter by level, text and time, and list under their span', async () => {
    const db = await testDb();
    const engineer = await seedUser(db, 'engineer');
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Bounces', components: ['mta'], reportedAt: [] });
    const trace = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-mta' } }] }, scopeSpans: [{ spans: [
      { traceId: TRACE, spanId: SPAN, name: 'mta.transfer', startTimeUnixNano: String(BigInt(T0) * 1_000_000n), endTimeUnixNano: String(BigInt(T0 + 500) * 1_000_000n) },
    ] }] }] };
    const logs = [
      { ts: new Date(T0 + 10).toISOString(), level: 'INFO', msg: 'transfer started', attrs: { trace_id: TRACE, span_id: SPAN } },
      { ts: new Date(T0 + 20).toISOString(), level: 'error', msg: 'bounce for jane.doe@example.com', attrs: { trace_id: TRACE, span_id: SPAN, recipient: 'jane.doe@example.com' } },
      { ts: new Date(T0 + 60_000).toISOString(), level: 'warn', msg: 'queue slow', attrs: {} },
      { ts: new Date(T0 + 200).toISOString(), level: 'info', msg: 'relay answered', attrs: {} },
    ];
    const b = writeBundle(dir, { trace, logs });
    const outcome = await ingestBundleFile({ db, storage: { bundleDir: path.join(dir, 'store') } }, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (outcome.status !== 'stored') throw new Error(outcome.status);
    await confirmConsent(db, engineer, ticket.id, outcome.bundle.id);
    const parsed = await parseBundle({ db, storage: { bundleDir: path.join(dir, 'store') } }, outcome.bundle.id);
    expect(parsed.parseState).toBe('parsed');
    expect(((await findBundle(db, parsed.id))!.report as { logs: unknown }).logs).toEqual({ lines: 4, byLevel: { info: 2, error: 1, warn: 1 }, linkedToSpans: 2 });

    const all = await listLogLines(db, { bundleId: parsed.id }, { offset: 0, limit: 10 });
    expect(all.total).toBe(4);
    const text = JSON.stringify(all.rows);
    expect(text).not.toContain('jane.doe@example.com');
    expect(all.rows[1]!.msg).toBe('bounce for [redacted:email]');
    expect(all.rows[1]!.attrs.recipient).toBe('[redacted:email]');

    expect((await listLogLines(db, { bundleId: parsed.id, levels: ['error', 'warn'] }, { offset: 0, limit: 10 })).rows.map((r) => r.level)).toEqual(['error', 'warn']);
    // The time-window fallback: only lines that name no span, inside the window.
    expect((await unlinkedLogLinesBetween(db, parsed.id, T0 * 1000, (T0 + 500) * 1000)).map((r) => r.msg)).toEqual(['relay answered']);
    expect((await listLogLines(db, { bundleId: parsed.id, text: 'QUEUE' }, { offset: 0, limit: 10 })).rows.map((r) => r.msg)).toEqual(['queue slow']);
    expect((await listLogLines(db, { bundleId: parsed.id, fromUs: T0 * 1000, toUs: (T0 + 1000) * 1000 }, { offset: 0, limit: 10 })).total).toBe(3);
    expect((await logLinesOfSpan(db, parsed.id, TRACE, SPAN)).map((r) => r.lineNo)).toEqual([1, 2]);
    expect(await logLevels(db, parsed.id)).toEqual([{ level: 'error', n: 1 }, { level: 'info', n: 2 }, { level: 'warn', n: 1 }]);
  });
});
