// The weekly Markdown export carries text from tickets and customer bundles: none of it may come
// out as raw HTML or as a link with a script scheme when the file is rendered.
import { describe, expect, it } from 'vitest';
import { weeklyMarkdown, type WeeklyReport } from '@/lib/reports/weekly';

const hostile: WeeklyReport = {
  weekStart: '2026-03-02',
  weekEnd: '2026-03-08',
  isoWeek: '2026-W10',
  timeZone: 'UTC',
  generatedAt: new Date('2026-03-09T08:00:00Z'),
  opened: { 1: 1, 2: 0, 3: 0 },
  resolved: { 1: 0, 2: 0, 3: 0 },
  sla: [],
  breaches: [],
  errorCodes: [{ code: '<img src=x onerror=alert(1)>', title: '[pay](javascript:alert(2))', count: 3, bundles: 1 }],
  cadence: [],
  releases: [{ version: '4.1<script>alert(3)</script>', tickets: [{ id: 7, severity: 1, summary: 'Outbound <b>stuck</b> | [x](javascript:alert(4))', customerName: 'Acme\n# Injected heading' }] }],
  learnings: [
    {
      id: 7,
      severity: 1,
      summary: 'Queue',
      customerName: 'Acme',
      learnings: 'Alert on **queue age**.\n\n<iframe src="https://evil.example"></iframe>\n\n[runbook](https://runbook.example/q) and [click](javascript:alert(5)) and [again]( JAVASCRIPT:alert(6))\n\n[ref]: javascript:alert(7)\n<javascript:alert(8)>',
      at: new Date('2026-03-05T09:00:00Z'),
    },
  ],
  openActionItems: [{ id: 1, ticketId: 7, severity: 1, ticketSummary: 'Queue <script>alert(9)</script>', title: 'Alert [x](javascript:alert(10))', owner: '<b>SRE</b>', createdAt: new Date('2026-03-04T09:00:00Z') }],
};

describe('weekly Markdown export', () => {
  const md = weeklyMarkdown(hostile, { baseUrl: 'https://console.example' });

  it('lists open review action items, escaped', () => {
    expect(md).toContain('## Open review action items');
    expect(md).toContain('Alert \\[x\\]\\(javascript:alert\\(10\\)\\)');
  });

  it('writes no raw HTML from tickets, bundles or learnings', () => {
    expect(md).not.toMatch(/<(img|script|b|iframe)\b/i);
    expect(md).toContain('&lt;img src=x onerror=alert\\(1\\)&gt;');
  });

  it('writes no link with a javascript: destination', () => {
    expect(md).not.toMatch(/\]\(\s*javascript:/i);
    expect(md).not.toMatch(/^\s*\[[^\]]*\]:\s*javascript:/im);
    expect(md).not.toMatch(/<javascript:/i);
  });

  it('keeps the engineer’s formatting and http links in learnings, and its own ticket links', () => {
    expect(md).toContain('Alert on **queue age**.');
    expect(md).toContain('[runbook](https://runbook.example/q)');
    expect(md).toContain('[#7](https://console.example/tickets/7)');
  });

  it('keeps a ticket field on its line: no injected heading or table column', () => {
    expect(md).not.toMatch(/^# Injected heading/m);
    expect(md).toContain('Outbound &lt;b&gt;stuck&lt;/b&gt; \\| ');
  });
});
