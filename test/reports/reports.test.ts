import { beforeEach, describe, expect, it } from 'vitest';
import type { AppDb } from '@/db/client';
import { insertBundle } from '@/db/queries/bundles';
import { insertPause } from '@/db/queries/sla';
import { insertTicket } from '@/db/queries/tickets';
import type { NewTicket, User } from '@/db/schema';
import { recordEscalationAction } from '@/lib/escalation/service';
import { buildSlaReport, parseSlaRange } from '@/lib/reports/sla';
import { buildWeeklyReport, weeklyMarkdown } from '@/lib/reports/weekly';
import { getCalendar, importIcsHolidays, setCalendar, setTargets } from '@/lib/settings';
import { defaultCalendar, defaultTargets } from '@/lib/sla/policy';
import { toCsv } from '@/lib/sla/report';
import { testDb, seedUser } from '../helpers';

let db: AppDb;
let admin: User;
let lead: User;
const d = (s: string) => new Date(s);

async function t(values: Partial<NewTicket> & Pick<NewTicket, 'severity' | 'createdAt'>) {
  return (await insertTicket(db, { customerName: 'Acme', customerContact: 'ops@acme.example', summary: 'Fixture', components: ['gateway'], reportedAt: [], updatedAt: values.createdAt, ...values })).id;
}

beforeEach(async () => {
  db = await testDb();
  admin = await seedUser(db, 'admin');
  lead = await seedUser(db, 'lead');
});

describe('SLA report over the database (hand-built fixture, UTC Mon–Fri 09–17)', () => {
  it('counts met / breached / running per week and severity, Jira formula, business p50', async () => {
    // Week 2025-06-09 (Mon). Sev-1: 30 min / 4 h elapsed.
    const a = await t({ severity: 1, createdAt: d('2025-06-09T10:00:00Z'), acknowledgedAt: d('2025-06-09T10:20:00Z'), mitigatedAt: d('2025-06-09T13:00:00Z') });
    const b = await t({ severity: 1, createdAt: d('2025-06-09T11:00:00Z'), acknowledgedAt: d('2025-06-09T11:45:00Z'), mitigatedAt: d('2025-06-09T16:00:00Z') });
    await t({ severity: 1, createdAt: d('2025-06-10T09:00:00Z'), acknowledgedAt: d('2025-06-10T09:10:00Z') });
    // Sev-3 next business day: created Fri 16:30, ack Mon 10:00 → met (deadline Mon 17:00)
    await t({ severity: 3, createdAt: d('2025-06-13T16:30:00Z'), acknowledgedAt: d('2025-06-16T10:00:00Z') });
    // Sev-2 with a pause: created Mon 09:00, paused 09:30–12:30, ack 15:30 → 6.5 h elapsed, 3.5 h of clock: met
    const p = await t({ severity: 2, createdAt: d('2025-06-09T09:00:00Z'), acknowledgedAt: d('2025-06-09T15:30:00Z') });
    await insertPause(db, { ticketId: p, from: d('2025-06-09T09:30:00Z'), to: d('2025-06-09T12:30:00Z'), reason: 'waiting for bundle', byId: null });
    // Outside the range: not counted.
    await t({ severity: 1, createdAt: d('2025-06-16T10:00:00Z') });

    const report = await buildSlaReport(db, { from: '2025-06-09', to: '2025-06-15' }, d('2025-06-10T12:00:00Z'));
    expect(report.rows.map((r) => r.weekStart)).toEqual(['2025-06-09', '2025-06-09', '2025-06-09']);
    const sev1 = report.rows[0];
    expect(sev1.tickets).toBe(3);
    expect(sev1.ack).toMatchObject({ met: 2, breached: 1, running: 0, p50: 20, p90: 45 });
    expect(sev1.ack.compliancePct).toBeCloseTo(66.667, 2);
    expect(sev1.mitigate).toMatchObject({ met: 1, breached: 1, running: 1, compliancePct: 50 });
    expect(report.rows[1].ack).toMatchObject({ met: 1, breached: 0 });
    expect(report.rows[2].ack).toMatchObject({ met: 1, compliancePct: 100 });
    expect(report.breaches.map((x) => [x.ticketId, x.target])).toEqual([
      [b, 'mitigate'],
      [b, 'ack'],
    ]);
    expect(a).toBeGreaterThan(0);
    expect(toCsv(report.rows).split('\r\n')[1]).toContain('2025-06-09,2025-W24,Sev-1,3,2,1,0,66.67,20,45');
  });

  it('parses and defaults the date range', async () => {
    const now = d('2026-03-04T12:00:00Z'); // Wednesday
    expect(await parseSlaRange(db, {}, now)).toEqual({ from: '2025-12-15', to: '2026-03-04' });
    expect(await parseSlaRange(db, { from: '2026-02-01', to: '2026-01-01' }, now)).toEqual({ from: '2026-01-01', to: '2026-02-01' });
    expect((await parseSlaRange(db, { from: 'nope', to: '2026-02-30' }, now)).to).toBe('2026-03-04');
  });
});

describe('weekly operations report', () => {
  it('gathers tickets, SLA, error codes, cadence, releases and learnings of one week', async () => {
    const mon = '2026-03-02';
    const s1 = await t({ severity: 1, createdAt: d('2026-03-02T10:00:00Z'), acknowledgedAt: d('2026-03-02T10:10:00Z'), mitigatedAt: d('2026-03-02T14:00:00Z'), resolvedAt: d('2026-03-03T09:00:00Z'), releaseVersion: '4.12.1', releaseTaggedAt: d('2026-03-04T09:00:00Z'), learnings: 'Alert on **queue age**.', learningsCapturedAt: d('2026-03-05T09:00:00Z'), summary: 'Outbound stuck' });
    await t({ severity: 3, createdAt: d('2026-03-03T10:00:00Z') });
    await t({ severity: 2, createdAt: d('2026-02-20T10:00:00Z'), resolvedAt: d('2026-03-04T10:00:00Z') });
    // updates at 10:50 and 11:40 (on time), then none until mitigation at 14:00: 12:40 and 13:40 missed.
    await recordEscalationAction(db, lead, { ticketId: s1, kind: 'update' }, d('2026-03-02T10:50:00Z'));
    await recordEscalationAction(db, lead, { ticketId: s1, kind: 'update' }, d('2026-03-02T11:40:00Z'));
    await insertBundle(db, { id: 'b1', sha256: 'a'.repeat(64), fileName: 'trace-x-cli.zip', size: 1, channel: 'cli', createdAt: d('2026-03-02T11:00:00Z'), ingestedAt: d('2026-03-02T11:00:00Z'), ticketId: s1, state: 'active', consentGranted: true, metadata: {}, report: { metrics: { errorCodes: { 'X400-2101': 5, 'X400-1001': 1 } } } });
    await insertBundle(db, { id: 'b2', sha256: 'b'.repeat(64), fileName: 'trace-y-cli.zip', size: 1, channel: 'cli', createdAt: d('2026-03-03T11:00:00Z'), ingestedAt: d('2026-03-03T11:00:00Z'), ticketId: s1, state: 'active', consentGranted: true, metadata: {}, report: { metrics: { errorCodes: { 'X400-2101': 2 } } } });
    await insertBundle(db, { id: 'b3', sha256: 'c'.repeat(64), fileName: 'trace-z-cli.zip', size: 1, channel: 'cli', createdAt: d('2026-03-10T11:00:00Z'), ingestedAt: d('2026-03-10T11:00:00Z'), ticketId: s1, state: 'active', consentGranted: true, metadata: {}, report: { metrics: { errorCodes: { 'X400-9999': 50 } } } });

    const r = await buildWeeklyReport(db, '2026-03-04', d('2026-03-09T08:00:00Z'));
    expect(r).toMatchObject({ weekStart: mon, weekEnd: '2026-03-08', isoWeek: '2026-W10' });
    expect(r.opened).toEqual({ 1: 1, 2: 0, 3: 1 });
    expect(r.resolved).toEqual({ 1: 1, 2: 1, 3: 0 });
    expect(r.sla[0].ack).toMatchObject({ met: 1, compliancePct: 100 });
    expect(r.errorCodes.map((e) => [e.code, e.count, e.bundles])).toEqual([
      ['X400-2101', 7, 2],
      ['X400-1001', 1, 1],
    ]);
    expect(r.errorCodes[0].title).toBe('Queue store unavailable');
    expect(r.cadence[0]).toMatchObject({ severity: 1, tickets: 1, met: 2, missed: 2, compliancePct: 50 });
    expect(r.releases).toEqual([{ version: '4.12.1', tickets: [expect.objectContaining({ id: s1 })] }]);
    expect(r.learnings).toEqual([expect.objectContaining({ id: s1, learnings: 'Alert on **queue age**.' })]);

    const md = weeklyMarkdown(r, { baseUrl: 'https://console.example' });
    expect(md).toContain('# Weekly operations report — 2026-W10');
    expect(md).toContain('| Sev-1 | 1 | 1 |');
    expect(md).toContain('| X400-2101 | Queue store unavailable | 7 | 2 |');
    expect(md).toContain('### 4.12.1');
    expect(md).toContain(`[#${s1}](https://console.example/tickets/${s1})`);
    expect(md).toContain('Alert on **queue age**.');
  });
});

describe('settings', () => {
  it('validates and stores the calendar and targets, admins only', async () => {
    expect(await getCalendar(db)).toEqual(defaultCalendar('UTC'));
    const cal = { ...defaultCalendar('Europe/Berlin'), holidays: ['2026-12-25'] };
    await expect(setCalendar(db, lead, cal)).rejects.toThrow(/may not/);
    await expect(setCalendar(db, admin, { ...cal, timeZone: 'Mars/Olympus' })).rejects.toThrow('not a valid IANA time zone');
    await setCalendar(db, admin, cal);
    expect((await getCalendar(db)).timeZone).toBe('Europe/Berlin');
    const targets = defaultTargets();
    targets[1].ack = { kind: 'elapsed', minutes: 15 };
    await setTargets(db, admin, targets);
    await expect(setTargets(db, admin, { ...targets, 2: { ack: { kind: 'elapsed', minutes: -1 }, mitigate: targets[2].mitigate } })).rejects.toThrow('greater than 0');
  });

  it('imports holidays from an .ics file', async () => {
    const ics = ['BEGIN:VCALENDAR', 'BEGIN:VEVENT', 'DTSTART;VALUE=DATE:20261225', 'DTEND;VALUE=DATE:20261227', 'SUMMARY:Christmas', 'END:VEVENT', 'END:VCALENDAR'].join('\r\n');
    const r = await importIcsHolidays(db, admin, ics);
    expect(r.added).toEqual(['2026-12-25', '2026-12-26']);
    expect((await getCalendar(db)).holidays).toEqual(['2026-12-25', '2026-12-26']);
    await expect(importIcsHolidays(db, admin, 'hello')).rejects.toThrow('not an iCalendar');
  });
});
