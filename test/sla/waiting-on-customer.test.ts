// Issue 10: the "waiting on customer" status pauses the SLA clocks; leaving it, or a bundle
// arriving, resumes them; the timeline says so and "Explain this deadline" subtracts the pause.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listTicketPauses } from '@/db/queries/sla';
import { findTicket, listTicketEvents } from '@/db/queries/tickets';
import { writeBundle } from '@/test/support/make-bundle';
import { ingestBundleFile } from '@/lib/ingest/service';
import { defaultCalendar, defaultTargets } from '@/lib/sla/policy';
import { clockSpecs, clockStatus, evaluateSpec, explainSpec } from '@/lib/sla/ticket';
import { acknowledgeTicket, changeStatus, createTicket } from '@/lib/tickets/service';
import { AppError } from '@/lib/errors';
import { allowedNextStatuses } from '@/lib/tickets/workflow';
import { seedUser, testDb } from '../helpers';

const T0 = new Date('2026-03-02T10:00:00Z'); // a Monday
const at = (min: number) => new Date(T0.getTime() + min * 60_000);
const UTC = defaultCalendar('UTC');

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'x400-waiting-'));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function setup(severity: 1 | 2 | 3 = 2) {
  const db = await testDb();
  const eng = await seedUser(db, 'engineer');
  const t = await createTicket(db, eng, { customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary: 'Backlog', components: ['queue'], reportedAt: [] }, T0);
  return { db, eng, id: t.id };
}

async function specsAt(db: Awaited<ReturnType<typeof testDb>>, id: number) {
  const t = (await findTicket(db, id))!;
  return clockSpecs(t, (await listTicketPauses(db, id)).map((p) => ({ from: p.from, to: p.to })), defaultTargets());
}

describe('waiting on customer', () => {
  it('is reachable once acknowledged, not from new', async () => {
    expect(allowedNextStatuses('new')).not.toContain('waiting_on_customer');
    expect(allowedNextStatuses('investigating')).toContain('waiting_on_customer');
    expect(allowedNextStatuses('waiting_on_customer')).toEqual(['investigating', 'mitigated']);
    const { db, eng, id } = await setup();
    await expect(changeStatus(db, eng, id, 'waiting_on_customer', at(1))).rejects.toBeInstanceOf(AppError);
  });

  it('pauses the clocks on entry and resumes them when the status moves back; explain lists the pause', async () => {
    const { db, eng, id } = await setup(2); // Sev-2: ack 4 h elapsed, mitigate 1 business day
    await acknowledgeTicket(db, eng, id, at(10));
    await changeStatus(db, eng, id, 'waiting_on_customer', at(30));
    let specs = await specsAt(db, id);
    expect(clockStatus(specs.mitigate, UTC, at(60).getTime()).text).toBe('paused (waiting on the customer)');
    // While paused the remaining time stays put.
    const r1 = evaluateSpec(specs.mitigate, UTC, at(40).getTime()).remainingMinutes;
    const r2 = evaluateSpec(specs.mitigate, UTC, at(90).getTime()).remainingMinutes;
    expect(r2).toBeCloseTo(r1, 6);

    await changeStatus(db, eng, id, 'investigating', at(90));
    const pauses = await listTicketPauses(db, id);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]).toMatchObject({ from: at(30), to: at(90) });
    specs = await specsAt(db, id);
    // Mitigate: 480 business minutes from Mon 10:00 (9–17) plus the hour paused: Tue 11:00.
    expect(evaluateSpec(specs.mitigate, UTC, at(100).getTime()).deadline.toISOString()).toBe('2026-03-03T11:00:00.000Z');
    const why = explainSpec(specs.mitigate, UTC, at(100).getTime());
    expect(why.pauses).toEqual([{ from: at(30), to: at(90), minutesAdded: 60 }]);
    expect(why.lines.some((l) => /^Paused .* 1 h of business time did not count\.$/.test(l))).toBe(true);

    const events = await listTicketEvents(db, id);
    const kinds = events.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['sla_paused', 'sla_resumed']));
    const resumed = events.find((e) => e.kind === 'sla_resumed')!;
    expect((resumed.data as { summary: string }).summary).toBe('resumed the SLA clocks after 60 min paused: status changed to investigating');
  });

  it('a bundle arriving for the ticket resumes the clocks and moves it back to investigating', async () => {
    const { db, eng, id } = await setup(2);
    await acknowledgeTicket(db, eng, id, at(5));
    await changeStatus(db, eng, id, 'waiting_on_customer', new Date(Date.now() - 20 * 60_000));
    const sub = path.join(dir, 'b');
    fs.mkdirSync(sub);
    const b = writeBundle(sub, {});
    await ingestBundleFile({ db, storage: { bundleDir: path.join(dir, 'store') } }, { filePath: b.path, fileName: b.fileName, ticketId: id, source: 'upload', actor: eng });
    expect((await findTicket(db, id))!.status).toBe('investigating');
    const pauses = await listTicketPauses(db, id);
    expect(pauses).toHaveLength(1);
    expect(pauses[0]!.to).not.toBeNull();
    const resumed = (await listTicketEvents(db, id)).find((e) => e.kind === 'sla_resumed')!;
    expect((resumed.data as { summary: string }).summary).toMatch(/^resumed the SLA clocks after 20 min paused: bundle .+ arrived$/);
  });

  it('a bundle for a ticket that is not waiting changes nothing', async () => {
    const { db, eng, id } = await setup(2);
    await acknowledgeTicket(db, eng, id, at(5));
    const sub = path.join(dir, 'c');
    fs.mkdirSync(sub);
    const b = writeBundle(sub, {});
    await ingestBundleFile({ db, storage: { bundleDir: path.join(dir, 'store') } }, { filePath: b.path, fileName: b.fileName, ticketId: id, source: 'upload', actor: eng });
    expect((await findTicket(db, id))!.status).toBe('acknowledged');
    expect(await listTicketPauses(db, id)).toHaveLength(0);
  });
});
