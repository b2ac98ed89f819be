// What a new ticket must say, checked the same way for the web form, the API and the CLI.
import { z } from 'zod';
import { COMPONENTS, SEVERITIES } from '@/db/values';

const isoInstant = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date and time, e.g. 2026-11-26T21:40:00Z' })
  .transform((s) => new Date(s).toISOString());

/** How people call each field (the form's labels): errors name fields by these, not by keys. */
export const TICKET_FIELD_LABELS: Record<string, string> = {
  customerName: 'Customer',
  customerContact: 'Customer contact',
  severity: 'Severity',
  summary: 'Summary',
  components: 'Impacted components',
  reportedAt: 'Reported time',
};

const checkbox = z.union([z.boolean(), z.literal('on'), z.literal('true')]).transform((v) => v !== false);

export const newTicketInput = z.object({
  customerName: z.string().trim().min(1, 'Customer is required').max(200, 'Customer is at most 200 characters'),
  customerContact: z.string().trim().min(1, 'Customer contact is required').max(300, 'Customer contact is at most 300 characters'),
  severity: z.coerce.number().pipe(z.literal(SEVERITIES, 'Severity must be 1, 2 or 3')),
  summary: z.string().trim().min(1, 'Summary is required').max(2000, 'Summary is at most 2,000 characters'),
  components: z.array(z.enum(COMPONENTS, { message: `Component must be one of ${COMPONENTS.join(', ')}` })).max(COMPONENTS.length).default([]),
  reportedAt: z.array(isoInstant).max(50).default([]),
  /** The person confirmed reported times more than REPORTED_AT_MAX_AGE_DAYS before the ticket. */
  confirmOldReportedAt: checkbox.optional(),
});
export type NewTicketInput = z.infer<typeof newTicketInput>;

/** Kept here for the CLI's and tests' imports; the one implementation is lib/validation. */
export { describeIssues } from '@/lib/validation';

/** Reported times may lead the server's clock by this much (a customer's clock is rarely exact). */
export const REPORTED_AT_FUTURE_SLACK_MS = 5 * 60_000;
/** Reported times further back than this before the ticket was opened need a confirmation. */
export const REPORTED_AT_MAX_AGE_DAYS = 30;

const DAY_MS = 86_400_000;

/**
 * Why these reported times are refused, or null: none may be in the future, and none more than
 * 30 days before the ticket was opened unless the person confirmed it (`confirmedOld`).
 */
export function reportedTimesProblem(times: readonly string[], openedAt: Date, now: Date, confirmedOld = false): string | null {
  for (const t of times) {
    const ms = Date.parse(t);
    const shown = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    if (ms > now.getTime() + REPORTED_AT_FUTURE_SLACK_MS) return `Reported time ${shown} is in the future: give the time the customer saw the problem.`;
    const daysBefore = (openedAt.getTime() - ms) / DAY_MS;
    if (daysBefore > REPORTED_AT_MAX_AGE_DAYS && !confirmedOld) {
      return `Reported time ${shown} is ${Math.floor(daysBefore)} days before the ticket was opened: check it, or confirm that the problem was reported that long ago.`;
    }
  }
  return null;
}
