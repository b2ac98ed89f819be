// GET /api/reports/sla?from=YYYY-MM-DD&to=YYYY-MM-DD&part=weeks|totals|breaches: the SLA report as CSV.
import { slaReportQuery } from '@/lib/reports/query';
import { buildSlaReport, parseSlaRange } from '@/lib/reports/sla';
import { breachesToCsv, toCsv } from '@/lib/sla/report';
import { defineRoute } from '@/lib/server/route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({ permission: 'reports:read', query: slaReportQuery, rateLimit: { name: 'reports', what: 'report requests' } }, async ({ db, query }) => {
  const range = await parseSlaRange(db, query, new Date());
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
});
