// GET /api/reports/weekly?week=YYYY-MM-DD: the weekly operations report as Markdown.
import { buildWeeklyReport, parseWeek, weeklyMarkdown } from '@/lib/reports/weekly';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'reports:read');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const db = getDb();
  const week = await parseWeek(db, url.searchParams.get('week'), new Date());
  const report = await buildWeeklyReport(db, week.weekStart);
  return new Response(weeklyMarkdown(report, { baseUrl: url.origin }), {
    headers: {
      'content-type': 'text/markdown; charset=utf-8',
      'content-disposition': `attachment; filename="weekly-operations-${report.isoWeek}.md"`,
      'cache-control': 'no-store',
    },
  });
}
