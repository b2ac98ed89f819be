// GET /api/reports/weekly?week=YYYY-MM-DD: the weekly operations report as Markdown.
import { queryOr400 } from '@/lib/http/query';
import { weeklyReportQuery } from '@/lib/reports/query';
import { buildWeeklyReport, parseWeek, weeklyMarkdown } from '@/lib/reports/weekly';
import { getDb } from '@/lib/server/db';
import { rateLimit, tooManyRequests } from '@/lib/server/rate-limit';
import { authenticateRequest } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'reports:read');
  if (user instanceof Response) return user;
  const query = queryOr400(weeklyReportQuery, request);
  if (query instanceof Response) return query;
  const wait = await rateLimit('reports', user.id);
  if (wait !== null) return tooManyRequests(wait, 'report requests');
  const url = new URL(request.url);
  const db = getDb();
  const week = await parseWeek(db, query.week, new Date());
  const report = await buildWeeklyReport(db, week.weekStart);
  return new Response(weeklyMarkdown(report, { baseUrl: url.origin }), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="weekly-operations-${report.isoWeek}.md"`,
      'cache-control': 'no-store',
    },
  });
}
