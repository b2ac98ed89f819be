// GET /api/reports/sla?from=YYYY-MM-DD&to=YYYY-MM-DD&part=weeks|totals|breaches: the SLA report as CSV.
import { buildSlaReport, parseSlaRange } from '@/lib/reports/sla';
import { breachesToCsv, toCsv } from '@/lib/sla/report';
import { getDb } from '@/lib/server/db';
import { authenticateRequest } from '@/lib/server/session';

export const dynamic = 'force-dynamic';

export async function GET(request: Request) {
  const user = await authenticateRequest(request, 'reports:read');
  if (user instanceof Response) return user;
  const url = new URL(request.url);
  const db = getDb();
  const range = await parseSlaRange(db, { from: url.searchParams.get('from'), to: url.searchParams.get('to') }, new Date());
  const part = url.searchParams.get('part') ?? 'weeks';
  if (!['weeks', 'totals', 'breaches'].includes(part)) return Response.json({ error: 'part must be weeks, totals or breaches' }, { status: 400 });
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
