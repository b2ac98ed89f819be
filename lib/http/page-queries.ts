// Every page's query parameters, checked by proxy.ts before the page renders: a bad value is a 400
// naming the parameter. Pages read the same schemas, so what they see was checked.
import { z } from 'zod';
import { slaReportQuery, weeklyReportQuery } from '@/lib/reports/query';
import { readQuery, text, wholeNumber, type QuerySource, type QueryResult } from './query';

// Kept here rather than imported from the schema module so the proxy does not load drizzle.
const STATUS_FILTERS = ['all', 'new', 'acknowledged', 'investigating', 'waiting_on_customer', 'mitigated', 'resolved', 'closed'] as const;
const SORTS = ['newest', 'oldest', 'severity', 'updated'] as const;
const SLA_FILTERS = ['breached', 'due-today'] as const; // lib/tickets/list-filters.ts

export const ticketsQuery = z.object({
  q: text(200).optional(),
  severity: z.enum(['1', '2', '3'], 'must be 1, 2 or 3').optional(),
  status: z.enum(STATUS_FILTERS, `must be one of ${STATUS_FILTERS.join(', ')}`).optional(),
  assignee: text(64).optional(),
  release: text(64).optional(),
  sort: z.enum(SORTS, `must be one of ${SORTS.join(', ')}`).optional(),
  sla: z.enum(SLA_FILTERS, `must be one of ${SLA_FILTERS.join(', ')}`).optional(),
  page: wholeNumber(1, 100_000).optional(),
});

export const auditQuery = z.object({ action: text(100).optional(), before: wholeNumber(1, Number.MAX_SAFE_INTEGER).optional() });

export const loginQuery = z.object({ next: text(2000).optional() });

const PAGE_QUERIES: [RegExp, z.ZodObject][] = [
  [/^\/tickets\/?$/, ticketsQuery],
  [/^\/audit\/?$/, auditQuery],
  [/^\/reports\/sla\/?$/, slaReportQuery],
  [/^\/reports\/weekly\/?$/, weeklyReportQuery],
  [/^\/login\/?$/, loginQuery],
];

/** The check for a page path's query string; other pages take no parameters and ignore them. */
export function checkPageQuery(pathname: string, search: URLSearchParams): QueryResult<unknown> {
  const found = PAGE_QUERIES.find(([re]) => re.test(pathname));
  return found ? readQuery(found[1], search) : { ok: true, data: {} };
}

/** For a page: its parsed query (the proxy already refused a bad one; this never widens it). */
export function pageQuery<S extends z.ZodObject>(schema: S, source: QuerySource): Partial<z.output<S>> {
  const result = readQuery(schema, source);
  return result.ok ? result.data : {};
}
