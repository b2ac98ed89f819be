// Query strings, validated with zod before anything reads them: a repeated parameter, a number
// out of range or an impossible date is a 400 naming the parameter, never a 500 further down.
import { z } from 'zod';

export type QuerySource = URLSearchParams | Record<string, string | string[] | undefined>;

export type QueryResult<T> = { ok: true; data: T } | { ok: false; error: string };

/** Reads the keys `schema` knows (others, e.g. Next's `_rsc`, are ignored); each at most once. */
export function readQuery<S extends z.ZodObject>(schema: S, source: QuerySource): QueryResult<z.output<S>> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(schema.shape)) {
    const values = source instanceof URLSearchParams ? source.getAll(key) : ([] as string[]).concat(source[key] ?? []);
    if (values.length > 1) return { ok: false, error: `The query parameter "${key}" is given ${values.length} times; give it once.` };
    if (values.length === 1 && values[0] !== '') raw[key] = values[0]!;
  }
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, data: parsed.data };
  const issue = parsed.error.issues[0]!;
  const name = issue.path.length ? String(issue.path[0]) : null;
  return { ok: false, error: name && !issue.message.includes(`"${name}"`) ? `The query parameter "${name}": ${issue.message}` : issue.message };
}


/** A whole number in [min, max], given as decimal digits (not `1e308`, not `0x10`). */
export function wholeNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,15}$/, `must be a whole number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** A finite decimal number in [min, max]. */
export function decimalNumber(min: number, max: number) {
  return z
    .string()
    .regex(/^-?\d{1,16}(\.\d{1,16})?$/, `must be a number from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));
}

/** Text of at most `max` characters. */
export const text = (max: number) => z.string().max(max, `must be at most ${max} characters`);
