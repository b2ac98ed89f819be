// Span links in notes: found in text, resolved to non-personal facts at save time, still there
// after the bundle's contents are gone.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deleteBundleRow } from '@/db/queries/bundles';
import { listTicketEvents } from '@/db/queries/tickets';
import { writeBundle } from '@/test/support/make-bundle';
import { confirmConsent, ingestBundleFile, parseBundle } from '@/lib/ingest/service';
import { listTicketEngineeringTasks } from '@/db/queries/engineering-tasks';
import { addEngineeringTask } from '@/lib/tickets/resolution';
import { addNote, createTicket } from '@/lib/tickets/service';
import { findSpanLinks, spanCardsFor } from '@/lib/trace-view/span-cards';
import { memoryDb, seedUser } from '../helpers';

const TRACE = 'ab'.repeat(16);
const ID = '6b1d5b8c-3f0e-4d2a-9c61-0a7e5f2d9b10';

let dir: string;
beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-cards-')); });
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('span link cards', () => {
  it('finds absolute and relative span links, once each, ignoring trace links without a span', () => {
    const text = `see https://console.example/bundles/${ID}/trace?trace=${TRACE}&span=00000000000000AA and /bundles/${ID}/trace?span=00000000000000aa again, ` +
      `and /bundles/${ID}/trace?q=slow (no span)`;
    expect(findSpanLinks(text)).toEqual([{ url: `https://console.example/bundles/${ID}/trace?trace=${TRACE}&span=00000000000000AA`, bundleId: ID, traceId: TRACE, spanId: '00000000000000aa' }]);
  });

  it('keeps service, operation, duration and error code with the note, through the bundle purge', async () => {
    const db = memoryDb();
    const engineer = await seedUser(db, 'engineer');
    const ticket = await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity: 2, summary: 'Bounces', components: ['mta'], reportedAt: [] });
    const trace = { resourceSpans: [{ resource: { attributes: [{ key: 'service.name', value: { stringValue: 'x400-mta' } }] }, scopeSpans: [{ spans: [
      { traceId: TRACE, spanId: '00000000000000aa', name: 'mta.transfer', startTimeUnixNano: '1795730283000000000', endTimeUnixNano: '1795730283250000000', status: { code: 2 }, attributes: [{ key: 'x400.error.code', value: { stringValue: 'X400-2102' } }] },
    ] }] }] };
    const b = writeBundle(dir, { trace, metadata: { bundleId: ID } });
    const deps = { db, storage: { bundleDir: path.join(dir, 'store') } };
    const outcome = await ingestBundleFile(deps, { filePath: b.path, fileName: b.fileName, ticketId: ticket.id, source: 'upload', actor: engineer });
    if (outcome.status !== 'stored') throw new Error(outcome.status);
    await confirmConsent(db, engineer, ticket.id, ID);
    await parseBundle(deps, ID);

    const text = `Failing hop: /bundles/${ID}/trace?trace=${TRACE}&span=00000000000000aa`;
    const cards = await spanCardsFor(db, text);
    expect(cards).toEqual([{ url: `/bundles/${ID}/trace?trace=${TRACE}&span=00000000000000aa`, bundleId: ID, traceId: TRACE, spanId: '00000000000000aa', service: 'x400-mta', operation: 'mta.transfer', durationUs: 250_000, error: true, errorCode: 'X400-2102' }]);
    await addNote(db, engineer, ticket.id, text, new Date(), cards);
    // A task created from the span cites it the same way.
    await addEngineeringTask(db, engineer, ticket.id, { title: 'Retry outbound on X400-2102', link: 'ENG-77', bundleIds: [ID], spanCards: cards });

    await deleteBundleRow(db, ID);
    expect(await spanCardsFor(db, text)).toEqual([]);
    const note = (await listTicketEvents(db, ticket.id)).find((e) => e.kind === 'note')!;
    expect((note.data as { spanCards: unknown[] }).spanCards).toEqual(cards);
    const [task] = await listTicketEngineeringTasks(db, ticket.id);
    expect(task!.spanCards).toEqual(cards);
    expect((task!.spanCards as { url: string }[])[0]!.url).toContain('span=00000000000000aa');
  });
});
