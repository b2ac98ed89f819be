// The SLA report against a hand-built fixture. Every figure below was computed by hand; the
// working is in the comments. Calendar: America/New_York, Mon–Fri 09:00–17:00 (EDT in June).
// Default targets: Sev-1 ack 30 min / mitigate 240 min elapsed; Sev-2 ack 240 min elapsed /
// mitigate 480 business; Sev-3 ack next business day / mitigate 2400 business.
// now = Wed 2025-06-18 12:00. Range: local dates 2025-06-09 .. 2025-06-22 (two ISO weeks).
import { describe, expect, it } from 'vitest';
import type { BusinessCalendar } from '@/lib/sla';
import { DEFAULT_TARGETS } from '@/lib/sla/policy';
import {
  breachesToCsv,
  businessMinutesBetween,
  evaluateTicketSla,
  isoWeekOf,
  percentile,
  slaReport,
  toCsv,
  type SlaTicketRecord,
} from '@/lib/sla/report';

const nineToFive: [string, string][] = [['09:00', '17:00']];
const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: { mon: nineToFive, tue: nineToFive, wed: nineToFive, thu: nineToFive, fri: nineToFive, sat: [], sun: [] },
  holidays: ['2025-07-04'],
};
const ny = (local: string) => new Date(`${local}:00-04:00`);
const now = ny('2025-06-18T12:00');

const tickets: SlaTicketRecord[] = [
  // Week 2025-W24 (Mon 06-09 .. Sun 06-15)
  // T1 Sev-1 Mon 10:00. ack 10:20 ≤ 10:30 met (20 business min); mitigated 13:00 ≤ 14:00 met (180).
  { id: 1, severity: 1, createdAt: ny('2025-06-09T10:00'), acknowledgedAt: ny('2025-06-09T10:20'), mitigatedAt: ny('2025-06-09T13:00'), pauses: [] },
  // T2 Sev-1 Sat 03:00. ack 04:00 > 03:30 breached, 30 min over; mitigated 08:00 > 07:00 breached,
  // 60 over. Business minutes to both: 0 (Saturday).
  { id: 2, severity: 1, createdAt: ny('2025-06-14T03:00'), acknowledgedAt: ny('2025-06-14T04:00'), mitigatedAt: ny('2025-06-14T08:00'), pauses: [] },
  // T3 Sev-2 Tue 16:00. ack Tue 18:00 ≤ 20:00 met (business 16–17 = 60); mitigate deadline
  // Tue 60 + Wed 420 → Wed 16:00, mitigated Wed 15:00 met (60 + 360 = 420).
  { id: 3, severity: 2, createdAt: ny('2025-06-10T16:00'), acknowledgedAt: ny('2025-06-10T18:00'), mitigatedAt: ny('2025-06-11T15:00'), pauses: [] },
  // T4 Sev-2 Thu 09:00, paused Thu 10:00–12:00. ack deadline 09:00 + 240 + 120 = 15:00, ack 14:00
  // met (business 9–14 = 300 − 120 paused = 180). Mitigate: Thu 9–10 (60) + 12–17 (300) = 360,
  // Fri 9–11 (120) → Fri 11:00; mitigated Fri 16:00 breached, 300 business min over
  // (business to stop: 360 + 420 = 780).
  {
    id: 4,
    severity: 2,
    createdAt: ny('2025-06-12T09:00'),
    acknowledgedAt: ny('2025-06-12T14:00'),
    mitigatedAt: ny('2025-06-13T16:00'),
    pauses: [{ from: ny('2025-06-12T10:00'), to: ny('2025-06-12T12:00') }],
  },
  // T5 Sev-3 Fri 16:30. ack deadline Mon 06-16 17:00, ack Mon 09:30 met (30 + 30 = 60);
  // mitigate deadline Fri 06-20 16:30, not mitigated at now → running.
  { id: 5, severity: 3, createdAt: ny('2025-06-13T16:30'), acknowledgedAt: ny('2025-06-16T09:30'), mitigatedAt: null, pauses: [] },
  // T6 Sev-3 Sun 06-15 22:00 local (= Mon 02:00Z, still week W24 locally). ack deadline
  // Mon 06-16 17:00, not acknowledged at now → breached, over by Tue 480 + Wed 9–12 180 = 660.
  // Mitigate deadline Fri 06-20 17:00 → running.
  { id: 6, severity: 3, createdAt: ny('2025-06-15T22:00'), acknowledgedAt: null, mitigatedAt: null, pauses: [] },

  // Week 2025-W25 (Mon 06-16 .. Sun 06-22)
  // T7 Sev-1 Mon 09:00. ack 09:10 met (10); mitigated 14:00 > 13:00 breached, 60 over (300).
  { id: 7, severity: 1, createdAt: ny('2025-06-16T09:00'), acknowledgedAt: ny('2025-06-16T09:10'), mitigatedAt: ny('2025-06-16T14:00'), pauses: [] },
  // T8 Sev-2 Tue 10:00, pause open since Tue 11:00. ack 10:30 met (30; the pause starts after
  // the stop). Mitigate: Tue 10–11 (60), paused until now (Wed 12:00), 420 left → Thu 11:00 → running.
  {
    id: 8,
    severity: 2,
    createdAt: ny('2025-06-17T10:00'),
    acknowledgedAt: ny('2025-06-17T10:30'),
    mitigatedAt: null,
    pauses: [{ from: ny('2025-06-17T11:00'), to: null }],
  },
  // T9 Sev-2 Wed 09:00: ack deadline 13:00 > now → running; mitigate running.
  { id: 9, severity: 2, createdAt: ny('2025-06-18T09:00'), acknowledgedAt: null, mitigatedAt: null, pauses: [] },
  // T10 Sev-3 Mon 10:00. ack deadline Tue 17:00, ack Tue 18:00 → breached with 0 business minutes
  // over (60 wall); business to ack: Mon 420 + Tue 480 = 900. Mitigated Wed 11:00 met
  // (420 + 480 + 120 = 1020).
  { id: 10, severity: 3, createdAt: ny('2025-06-16T10:00'), acknowledgedAt: ny('2025-06-17T18:00'), mitigatedAt: ny('2025-06-18T11:00'), pauses: [] },

  // Outside the range: Sun 06-08 23:00 local (06-09 03:00Z) and Mon 06-23 00:30 local.
  { id: 11, severity: 1, createdAt: ny('2025-06-08T23:00'), acknowledgedAt: null, mitigatedAt: null, pauses: [] },
  { id: 12, severity: 1, createdAt: ny('2025-06-23T00:30'), acknowledgedAt: null, mitigatedAt: null, pauses: [] },
];

const report = slaReport(tickets, { calendar: NY, targets: DEFAULT_TARGETS, now, range: { from: '2025-06-09', to: '2025-06-22' } });

// unit: the target's clock; Sev-1 (both) and Sev-2 acknowledge are 24×7 ('elapsed') by default.
const st = (met: number, breached: number, running: number, p50: number | null, p90: number | null, stopped: number, unit: 'business' | 'elapsed' = 'business') => {
  const denom = met + breached;
  return {
    met,
    breached,
    running,
    total: met + breached + running,
    compliance: denom ? met / denom : null,
    compliancePct: denom ? (met / denom) * 100 : null,
    p50,
    p90,
    unit,
    stopped,
  };
};

describe('percentile (nearest rank)', () => {
  it('follows ceil(p/100 × n)', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([7], 90)).toBe(7);
    expect(percentile([20, 0], 50)).toBe(0); // rank ceil(1) = 1
    expect(percentile([20, 0], 90)).toBe(20); // rank ceil(1.8) = 2
    expect(percentile([1, 2, 3, 4], 50)).toBe(2);
    expect(percentile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 90)).toBe(9);
    expect(percentile([1, 2, 3], 0)).toBe(1);
    expect(percentile([1, 2, 3], 100)).toBe(3);
  });
});

describe('businessMinutesBetween', () => {
  it('counts open minutes, excluding pauses (open pauses last until `to`)', () => {
    expect(businessMinutesBetween(ny('2025-06-13T16:30'), ny('2025-06-16T09:30'), NY)).toBe(60);
    expect(businessMinutesBetween(ny('2025-06-12T09:00'), ny('2025-06-12T14:00'), NY, [{ from: ny('2025-06-12T10:00'), to: ny('2025-06-12T12:00') }])).toBe(180);
    expect(businessMinutesBetween(ny('2025-06-17T10:00'), ny('2025-06-18T12:00'), NY, [{ from: ny('2025-06-17T11:00'), to: null }])).toBe(60);
    expect(businessMinutesBetween(ny('2025-07-03T16:00'), ny('2025-07-07T10:00'), NY)).toBe(120); // 07-04 holiday
    expect(businessMinutesBetween(ny('2025-06-16T10:00'), ny('2025-06-13T16:30'), NY)).toBe(-90);
    expect(businessMinutesBetween(ny('2025-06-14T10:00'), ny('2025-06-15T10:00'), NY)).toBe(0);
  });
});

describe('isoWeekOf', () => {
  it('weeks start on Monday in the calendar time zone', () => {
    expect(isoWeekOf(ny('2025-06-15T22:00'), NY)).toEqual({ weekStart: '2025-06-09', isoWeek: '2025-W24' });
    expect(isoWeekOf(ny('2025-06-16T00:00'), NY)).toEqual({ weekStart: '2025-06-16', isoWeek: '2025-W25' });
    // ISO years: 2024-12-30 (Mon) belongs to 2025-W01; 2027-01-01 (Fri) to 2026-W53.
    expect(isoWeekOf(new Date('2024-12-31T12:00:00Z'), NY)).toEqual({ weekStart: '2024-12-30', isoWeek: '2025-W01' });
    expect(isoWeekOf(new Date('2027-01-01T12:00:00Z'), NY)).toEqual({ weekStart: '2026-12-28', isoWeek: '2026-W53' });
  });
});

describe('slaReport on the fixture', () => {
  it('range bounds are local dates, to inclusive', () => {
    expect(report.range).toEqual({ from: ny('2025-06-09T00:00'), to: ny('2025-06-23T00:00') });
    expect(report.timeZone).toBe('America/New_York');
  });

  it('per week and severity', () => {
    expect(report.rows).toEqual([
      {
        weekStart: '2025-06-09',
        isoWeek: '2025-W24',
        severity: 1,
        tickets: 2,
        // ack (24×7 minutes): T1 met (20), T2 breached (60, a Saturday night counts) → 50 %;
        // sorted [20, 60]: p50 = rank 1 = 20, p90 = rank 2 = 60.
        ack: st(1, 1, 0, 20, 60, 2, 'elapsed'),
        // mitigate (24×7): T1 met (180), T2 breached (300) → 50 %; p50 180, p90 300.
        mitigate: st(1, 1, 0, 180, 300, 2, 'elapsed'),
      },
      {
        weekStart: '2025-06-09',
        isoWeek: '2025-W24',
        severity: 2,
        tickets: 2,
        // ack (24×7): T3 (120: 16:00 → 18:00), T4 (180: 300 − 120 paused) met → 100 %.
        ack: st(2, 0, 0, 120, 180, 2, 'elapsed'),
        // mitigate: T3 met (420), T4 breached (780) → 50 %.
        mitigate: st(1, 1, 0, 420, 780, 2),
      },
      {
        weekStart: '2025-06-09',
        isoWeek: '2025-W24',
        severity: 3,
        tickets: 2,
        // ack: T5 met (60), T6 breached while running → 50 %; one stopped clock: p50 = p90 = 60.
        ack: st(1, 1, 0, 60, 60, 1),
        // mitigate: both running → no denominator, no percentiles.
        mitigate: st(0, 0, 2, null, null, 0),
      },
      {
        weekStart: '2025-06-16',
        isoWeek: '2025-W25',
        severity: 1,
        tickets: 1,
        ack: st(1, 0, 0, 10, 10, 1, 'elapsed'), // T7 met (10)
        mitigate: st(0, 1, 0, 300, 300, 1, 'elapsed'), // T7 breached (300)
      },
      {
        weekStart: '2025-06-16',
        isoWeek: '2025-W25',
        severity: 2,
        tickets: 2,
        ack: st(1, 0, 1, 30, 30, 1, 'elapsed'), // T8 met (30), T9 running → 1 ÷ (1 + 0) = 100 %
        mitigate: st(0, 0, 2, null, null, 0), // T8, T9 running
      },
      {
        weekStart: '2025-06-16',
        isoWeek: '2025-W25',
        severity: 3,
        tickets: 1,
        ack: st(0, 1, 0, 900, 900, 1), // T10 breached (900)
        mitigate: st(1, 0, 0, 1020, 1020, 1), // T10 met (1020)
      },
    ]);
  });

  it('totals per severity over the range', () => {
    expect(report.totals).toEqual([
      {
        weekStart: 'total',
        isoWeek: 'total',
        severity: 1,
        tickets: 3,
        // ack met T1, T7; breached T2 → 2/3. Sorted [10, 20, 60]: p50 rank ceil(1.5) = 2 → 20, p90 rank ceil(2.7) = 3 → 60.
        ack: st(2, 1, 0, 20, 60, 3, 'elapsed'),
        // mitigate met T1; breached T2, T7 → 1/3. Sorted [180, 300, 300]: p50 300, p90 300.
        mitigate: st(1, 2, 0, 300, 300, 3, 'elapsed'),
      },
      {
        weekStart: 'total',
        isoWeek: 'total',
        severity: 2,
        tickets: 4,
        // ack met T3, T4, T8; running T9 → 100 %. Sorted [30, 120, 180]: p50 120, p90 180.
        ack: st(3, 0, 1, 120, 180, 3, 'elapsed'),
        // mitigate met T3, breached T4, running T8, T9 → 50 %. [420, 780]: p50 420, p90 780.
        mitigate: st(1, 1, 2, 420, 780, 2),
      },
      {
        weekStart: 'total',
        isoWeek: 'total',
        severity: 3,
        tickets: 3,
        // ack met T5; breached T6 (running), T10 → 1/3. [60, 900]: p50 60, p90 900.
        ack: st(1, 2, 0, 60, 900, 2),
        // mitigate met T10; running T5, T6 → 100 %.
        mitigate: st(1, 0, 2, 1020, 1020, 1),
      },
    ]);
    expect(report.totals[0].ack.compliancePct).toBeCloseTo(66.667, 3);
  });

  it('lists breaches, most overdue first within each week', () => {
    expect(report.breaches).toEqual([
      {
        ticketId: 6,
        severity: 3,
        target: 'ack',
        createdAt: ny('2025-06-15T22:00'),
        deadline: ny('2025-06-16T17:00'),
        stoppedAt: null,
        overdueMinutes: 660,
        overdueWallMinutes: 43 * 60, // Mon 17:00 → Wed 12:00
        unit: 'business',
        weekStart: '2025-06-09',
      },
      {
        ticketId: 4,
        severity: 2,
        target: 'mitigate',
        createdAt: ny('2025-06-12T09:00'),
        deadline: ny('2025-06-13T11:00'),
        stoppedAt: ny('2025-06-13T16:00'),
        overdueMinutes: 300,
        overdueWallMinutes: 300,
        unit: 'business',
        weekStart: '2025-06-09',
      },
      {
        ticketId: 2,
        severity: 1,
        target: 'mitigate',
        createdAt: ny('2025-06-14T03:00'),
        deadline: ny('2025-06-14T07:00'),
        stoppedAt: ny('2025-06-14T08:00'),
        overdueMinutes: 60,
        overdueWallMinutes: 60,
        unit: 'elapsed',
        weekStart: '2025-06-09',
      },
      {
        ticketId: 2,
        severity: 1,
        target: 'ack',
        createdAt: ny('2025-06-14T03:00'),
        deadline: ny('2025-06-14T03:30'),
        stoppedAt: ny('2025-06-14T04:00'),
        overdueMinutes: 30,
        overdueWallMinutes: 30,
        unit: 'elapsed',
        weekStart: '2025-06-09',
      },
      {
        ticketId: 7,
        severity: 1,
        target: 'mitigate',
        createdAt: ny('2025-06-16T09:00'),
        deadline: ny('2025-06-16T13:00'),
        stoppedAt: ny('2025-06-16T14:00'),
        overdueMinutes: 60,
        overdueWallMinutes: 60,
        unit: 'elapsed',
        weekStart: '2025-06-16',
      },
      {
        ticketId: 10,
        severity: 3,
        target: 'ack',
        createdAt: ny('2025-06-16T10:00'),
        deadline: ny('2025-06-17T17:00'),
        stoppedAt: ny('2025-06-17T18:00'),
        overdueMinutes: 0,
        overdueWallMinutes: 60,
        unit: 'business',
        weekStart: '2025-06-16',
      },
    ]);
  });

  it('evaluateTicketSla gives the per-ticket view (T8: running mitigate with an open pause)', () => {
    const e = evaluateTicketSla(tickets[7], NY, DEFAULT_TARGETS, now);
    expect(e.ack).toMatchObject({ outcome: 'met', businessMinutesToStop: 30, deadline: ny('2025-06-17T14:00') });
    expect(e.mitigate).toMatchObject({ outcome: 'running', businessMinutesToStop: null, deadline: ny('2025-06-19T11:00'), remainingMinutes: 420 });
  });

  it('Date range bounds are instants, half-open', () => {
    const r = slaReport(tickets, { calendar: NY, targets: DEFAULT_TARGETS, now, range: { from: ny('2025-06-16T00:00'), to: ny('2025-06-16T09:00') } });
    expect(r.rows.map((x) => [x.weekStart, x.severity, x.tickets])).toEqual([
      ['2025-06-16', 1, 0], // T7 at 09:00 is excluded (to is exclusive)
      ['2025-06-16', 2, 0],
      ['2025-06-16', 3, 0],
    ]);
  });

  it('empty input gives empty weeks with null compliance', () => {
    const r = slaReport([], { calendar: NY, targets: DEFAULT_TARGETS, now, range: { from: '2025-06-09', to: '2025-06-15' } });
    expect(r.rows).toHaveLength(3);
    expect(r.rows[0].ack).toEqual(st(0, 0, 0, null, null, 0, 'elapsed'));
    expect(r.breaches).toEqual([]);
  });
});

describe('CSV export', () => {
  it('one line per week × severity, RFC 4180, CRLF', () => {
    const lines = toCsv(report.rows).split('\r\n');
    expect(lines[0]).toBe(
      'week_start,iso_week,severity,tickets,' +
        'ack_met,ack_breached,ack_running,ack_compliance_pct,ack_p50_min,ack_p90_min,ack_min_unit,' +
        'mitigate_met,mitigate_breached,mitigate_running,mitigate_compliance_pct,mitigate_p50_min,mitigate_p90_min,mitigate_min_unit',
    );
    expect(lines[1]).toBe('2025-06-09,2025-W24,Sev-1,2,1,1,0,50,20,60,24x7,1,1,0,50,180,300,24x7');
    expect(lines[3]).toBe('2025-06-09,2025-W24,Sev-3,2,1,1,0,50,60,60,business,0,0,2,,,,business');
    expect(lines).toHaveLength(8); // header + 6 rows + trailing empty string
    expect(lines[7]).toBe('');
    expect(toCsv(report.totals).split('\r\n')[1]).toBe('total,total,Sev-1,3,2,1,0,66.67,20,60,24x7,1,2,0,33.33,300,300,24x7');
  });
  it('breaches as CSV, with quoting and formula-injection guard', () => {
    const csvText = breachesToCsv([{ ...report.breaches[0], ticketId: '=HYPERLINK("x")' }]);
    const [header, row] = csvText.split('\r\n');
    expect(header).toBe('ticket_id,severity,target,week_start,created_at,deadline,stopped_at,overdue_minutes,unit,overdue_wall_minutes');
    expect(row).toBe(`"'=HYPERLINK(""x"")",Sev-3,ack,2025-06-09,2025-06-16T02:00:00.000Z,2025-06-16T21:00:00.000Z,,660,business,2580`);
  });
});
