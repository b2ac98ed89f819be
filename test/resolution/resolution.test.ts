import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { insertBundle, insertTombstone, updateBundle } from '@/db/queries/bundles';
import { listTicketEngineeringTasks } from '@/db/queries/engineering-tasks';
import { listTicketPauses } from '@/db/queries/sla';
import { findTicket, listTicketEvents } from '@/db/queries/tickets';
import type { User } from '@/db/schema';
import { getSlaPolicy } from '@/lib/settings';
import { evaluateSpec, clockSpecs } from '@/lib/sla/ticket';
import {
  addEngineeringTask,
  parseReleaseVersion,
  pauseSla,
  recordCustomerConfirmation,
  recordCustomerNotified,
  resumeSla,
  saveLearnings,
  saveMitigationSteps,
  tagRelease,
} from '@/lib/tickets/resolution';
import { saveReview } from '@/lib/reviews/service';
import { acknowledgeTicket, changeStatus, createTicket } from '@/lib/tickets/service';
import { testDb, seedUser } from '../helpers';

let db: AppDb;
let engineer: User;
let manager: User;
const T0 = new Date('2026-03-02T10:00:00Z');
const at = (min: number) => new Date(T0.getTime() + min * 60_000);

async function ticket(severity: 1 | 2 | 3 = 1) {
  return (await createTicket(db, engineer, { customerName: 'Acme', customerContact: 'ops@acme.example', severity, summary: 'No outbound delivery', components: ['gateway'], reportedAt: [] }, T0)).id;
}

async function bundle(id: string, ticketId: number) {
  await insertBundle(db, { id, sha256: id.padEnd(64, '0'), fileName: `trace-20260302T100000Z-cli.zip`, size: 10, channel: 'cli', createdAt: T0, ingestedAt: T0, ticketId, state: 'active', consentGranted: true, metadata: {} });
}

beforeEach(async () => {
  db = await testDb();
  engineer = await seedUser(db, 'engineer');
  manager = await seedUser(db, 'manager');
});

describe('status guards over the resolution steps', () => {
  it('walks a Sev-1 from intake to closed, each guard refusing first', async () => {
    const id = await ticket(1);
    await acknowledgeTicket(db, engineer, id, at(5));
    await changeStatus(db, engineer, id, 'investigating', at(6));
    await expect(changeStatus(db, engineer, id, 'mitigated', at(30))).rejects.toThrow('Write the mitigation steps');
    await saveMitigationSteps(db, engineer, id, '1. Restart the outbound queue\n2. Raise `queue.maxRetries`', at(40));
    await changeStatus(db, engineer, id, 'mitigated', at(45));
    await expect(changeStatus(db, engineer, id, 'resolved', at(50))).rejects.toThrow("Record the customer's confirmation");
    await expect(recordCustomerConfirmation(db, engineer, id, { at: at(50), confirmation: 'ok' }, at(50))).rejects.toThrow('notified before');
    await recordCustomerNotified(db, engineer, id, { at: at(48), via: 'email', message: 'Delivery is restored.' }, at(50));
    await recordCustomerConfirmation(db, engineer, id, { at: at(55), confirmation: 'Confirmed by J. Doe: mail flows.' }, at(56));
    await changeStatus(db, engineer, id, 'resolved', at(57));
    await expect(changeStatus(db, engineer, id, 'closed', at(60))).rejects.toThrow('Capture the learnings');
    await tagRelease(db, engineer, id, 'v4.12.1', at(61));
    await saveLearnings(db, engineer, id, 'Alert on outbound queue age.', at(62));
    // A Sev-1 also needs its post-incident review completed (test/reviews covers the review itself).
    await expect(changeStatus(db, engineer, id, 'closed', at(62))).rejects.toThrow('post-incident review');
    await saveReview(db, engineer, id, { body: '# Review\n\nQueue age alert added.', complete: true }, at(62));
    const closed = await changeStatus(db, engineer, id, 'closed', at(63));
    expect(closed.status).toBe('closed');
    expect(closed.releaseVersion).toBe('4.12.1');
    expect(closed.releaseTaggedAt).toEqual(at(61));
    expect(closed.learningsCapturedAt).toEqual(at(62));
    const kinds = (await listTicketEvents(db, id)).map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['mitigation_steps', 'customer_notified', 'customer_confirmed', 'release_tagged', 'learnings']));
  });

  it('refuses every write to a manager', async () => {
    const id = await ticket();
    await expect(saveMitigationSteps(db, manager, id, 'x')).rejects.toThrow(/may not/);
    await expect(addEngineeringTask(db, manager, id, { title: 't', link: 'ENG-1', bundleIds: ['b'] })).rejects.toThrow(/may not/);
    await expect(recordCustomerNotified(db, manager, id, { at: new Date(), via: 'email', message: 'm' })).rejects.toThrow(/may not/);
    await expect(recordCustomerConfirmation(db, manager, id, { at: new Date(), confirmation: 'c' })).rejects.toThrow(/may not/);
    await expect(tagRelease(db, manager, id, '1.0.0')).rejects.toThrow(/may not/);
    await expect(saveLearnings(db, manager, id, 'l')).rejects.toThrow(/may not/);
    await expect(pauseSla(db, manager, id, { reason: 'r' })).rejects.toThrow(/may not/);
    await expect(resumeSla(db, manager, id)).rejects.toThrow(/may not/);
  });
});

describe('release version', () => {
  it('accepts semver (with an optional v) and refuses the rest', async () => {
    expect(parseReleaseVersion('4.12.1')).toBe('4.12.1');
    expect(parseReleaseVersion('v4.13.0-rc.1+build.7')).toBe('4.13.0-rc.1+build.7');
    for (const bad of ['4.12', '04.1.2', '4.12.1.3', 'latest', '', '1.2.3-']) expect(parseReleaseVersion(bad)).toBeNull();
    const id = await ticket();
    await expect(tagRelease(db, engineer, id, '4.12')).rejects.toThrow('not a semantic version');
  });
});

describe('engineering tasks', () => {
  it('must cite bundles of the ticket, not purged ones, and keep citing them after a purge', async () => {
    const id = await ticket();
    const other = await ticket();
    await bundle('b-1', id);
    await bundle('b-2', other);
    await expect(addEngineeringTask(db, engineer, id, { title: 'Fix retry', link: 'ENG-1', bundleIds: [] })).rejects.toThrow('Cite at least one');
    await expect(addEngineeringTask(db, engineer, id, { title: 'Fix retry', link: 'ENG-1', bundleIds: ['b-2'] })).rejects.toThrow('not linked');
    await expect(addEngineeringTask(db, engineer, id, { title: 'Fix retry', link: 'javascript:alert(1)', bundleIds: ['b-1'] })).rejects.toThrow('http(s) URL');
    const task = await addEngineeringTask(db, engineer, id, { title: 'Fix retry', link: 'https://tracker.example/ENG-1', bundleIds: ['b-1', 'b-1'] });
    expect(task.bundleIds).toEqual(['b-1']);
    await updateBundle(db, 'b-1', { state: 'purged' });
    await insertTombstone(db, { bundleId: 'b-1', sha256: 'x', ticketId: id, size: 10, reason: 'retention', purgedAt: at(100), purgedBy: 'system' });
    await expect(addEngineeringTask(db, engineer, id, { title: 'Another', link: 'ENG-2', bundleIds: ['b-1'] })).rejects.toThrow('purged');
    expect(await listTicketEngineeringTasks(db, id)).toHaveLength(1);
  });
});

describe('SLA pauses', () => {
  it('records who, why, from and to, and stops the clocks meanwhile', async () => {
    const id = await ticket(2); // Sev-2 ack: 4 h elapsed
    await pauseSla(db, engineer, id, { reason: 'Waiting for the customer’s bundle', from: at(30) }, at(31));
    await expect(pauseSla(db, engineer, id, { reason: 'again' }, at(32))).rejects.toThrow('already paused');
    await resumeSla(db, engineer, id, { to: at(90) }, at(91));
    await expect(resumeSla(db, engineer, id, {}, at(92))).rejects.toThrow('not paused');
    const [p] = await listTicketPauses(db, id);
    expect(p).toMatchObject({ reason: 'Waiting for the customer’s bundle', byEmail: engineer.email, from: at(30), to: at(90) });
    const t = (await findTicket(db, id))!;
    const specs = clockSpecs(t, [{ from: p.from, to: p.to }], (await getSlaPolicy(db)).targets);
    const ack = evaluateSpec(specs.ack, (await getSlaPolicy(db)).calendar, at(100).getTime());
    expect(ack.deadline).toEqual(at(240 + 60));
    await expect(pauseSla(db, engineer, id, { reason: 'future', from: at(10_000) }, at(100))).rejects.toThrow('future');
  });
});
