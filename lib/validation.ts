// Turning a failed zod parse into what a person reads: one line per problem, and the same
// problems keyed by field (zod 4's flattenError) for forms that show them beside their fields.
import { z } from 'zod';
import { AppError, type FieldErrors } from './errors';

/**
 * "Label: message" lines for a failed parse, for forms and the CLI alike. With `labels` a field
 * is named by its label (a message that already starts with it is kept as it is); without, by
 * its path (`components.0`), as the CLI and the API have always said.
 */
export function describeIssues(error: z.ZodError, labels?: Record<string, string>): string[] {
  return error.issues.map((i) => {
    if (!i.path.length) return i.message;
    const [head, index] = i.path;
    const label = labels?.[String(head)];
    if (!label) return `${i.path.join('.')}: ${i.message}`;
    const name = typeof index === 'number' ? `${label} ${index + 1}` : label;
    return i.message.toLowerCase().startsWith(label.toLowerCase()) ? i.message : `${name}: ${i.message}`;
  });
}

/** The problems keyed by top-level field; problems of the whole input are under `_form`. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const flat = z.flattenError(error);
  const out: FieldErrors = {};
  for (const [field, messages] of Object.entries(flat.fieldErrors as Record<string, string[] | undefined>)) if (messages?.length) out[field] = messages;
  if (flat.formErrors.length) out._form = flat.formErrors;
  return out;
}

/** The INVALID_INPUT error for a failed parse: its first problem as the message, all by field. */
export function invalidInput(error: z.ZodError, labels?: Record<string, string>): AppError {
  const lines = describeIssues(error, labels);
  return new AppError('INVALID_INPUT', lines[0] ?? 'Invalid input.', { fieldErrors: fieldErrorsOf(error) });
}
