// What a new ticket must say, checked the same way for the web form, the API and the CLI.
import { z } from 'zod';
import { COMPONENTS } from '@/db/schema';

const isoInstant = z
  .string()
  .trim()
  .refine((s) => !Number.isNaN(Date.parse(s)), { message: 'must be a date and time, e.g. 2026-11-26T21:40:00Z' })
  .transform((s) => new Date(s).toISOString());

export const newTicketInput = z.object({
  customerName: z.string().trim().min(1, 'Customer name is required').max(200),
  customerContact: z.string().trim().min(1, 'Customer contact is required').max(300),
  severity: z.coerce.number().int().min(1, 'Severity must be 1, 2 or 3').max(3, 'Severity must be 1, 2 or 3'),
  summary: z.string().trim().min(1, 'Summary is required').max(2000),
  components: z.array(z.enum(COMPONENTS, { message: `Component must be one of ${COMPONENTS.join(', ')}` })).max(COMPONENTS.length).default([]),
  reportedAt: z.array(isoInstant).max(50).default([]),
});
export type NewTicketInput = z.infer<typeof newTicketInput>;

/** "field: message" lines for a failed parse, for forms and the CLI alike. */
export function describeIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
}
