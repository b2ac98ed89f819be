// GET /api/reports/sla?from=YYYY-MM-DD&to=YYYY-MM-DD&part=weeks|totals|breaches: the SLA report as CSV.
import { UserFacingError } from '@/lib/errors';
import { queryOr400 } from '@/lib/http/query';
import { slaReportQuery } from '@/lib/reports/query';
import { buildSlaReport, parseSlaRange } from '@/lib/reports/sla';
import { breachesToCsv, toCsv } from '@/lib/sla/report';
import { getDb } from '@/lib/server/db';
import { rateLimit, tooManyRequests } from '@/lib/server/rate-limit';
import { authenticateRequest } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'reports:read');
  if (user instanceof Response) return user;
  const query = queryOr400(slaReportQuery, request);
  if (query instanceof Response) return query;
  const wait = await rateLimit('reports', user.id);
  if (wait !== null) return tooManyRequests(wait, 'report requests');
  const db = getDb();
  let range;
  try {
    range = await parseSlaRange(db, query, new Date());
  } catch (error) {
    if (error instanceof UserFacingError) return Response.json({ error: error.message }, { status: 400 });
    throw error;
  }
  const part = query.part ?? 'weeks';
  const report = await buildSlaReport(db, range);
  const body = part === 'breaches' ? breachesToCsv(report.breaches) : toCsv(part === 'totals' ? report.totals : report.rows);
  return new Response(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="sla-${part}-${range.from}-to-${range.to}.csv"`,
      'cache-control': 'no-store',
    },
  });
}
