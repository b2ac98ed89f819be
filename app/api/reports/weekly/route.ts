// GET /api/reports/weekly?week=YYYY-MM-DD: the weekly operations report as Markdown.
import { weeklyReportQuery } from '@/lib/reports/query';
import { buildWeeklyReport, parseWeek, weeklyMarkdown } from '@/lib/reports/weekly';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'reports:read', query: weeklyReportQuery, rateLimit: { name: 'reports', what: 'report requests' } }, async ({ request, db, query }) => {
  const url = new URL(request.url);
  const week = await parseWeek(db, query.week, new Date());
  const report = await buildWeeklyReport(db, week.weekStart);
  return new Response(weeklyMarkdown(report, { baseUrl: url.origin }), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="weekly-operations-${report.isoWeek}.md"`,
      'cache-control': 'no-store',
    },
  });
});
