// The one wrapper every server action goes through: session, role, input, expected failures.
import type { z } from 'zod';
import { can, type Permission } from '@/lib/auth/roles';
import { UserFacingError } from '@/lib/errors';
import { wellFormed } from '@/lib/http/well-formed';
import { describeIssues } from '@/lib/tickets/input';
import type { AppDb } from '@/db/client';
import { getDb } from './db';
import { currentUser, type SessionUser } from './session';

export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; fieldErrors?: string[] };

export const IDLE: ActionResult<never> = { ok: true };


/** Turns FormData into a plain object; repeated names become arrays when `lists` names them. */
export function formToObject(form: FormData, lists: readonly string[] = []): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (key.startsWith('$ACTION')) continue;
    if (lists.includes(key)) ((out[key] ??= []) as unknown[]).push(value);
    else out[key] = value;
  }
  for (const key of lists) out[key] ??= [];
  return out;
}

/**
 * Defines a server action: callable as `(prevState, formData)` by useActionState or as `(input)`
 * directly. Every call re-checks the session and role on the server, then validates the input.
 */
export function defineAction<S extends z.ZodType, T>(
  options: { permission: Permission; input: S; lists?: readonly string[]; labels?: Record<string, string> },
  run: (input: z.output<S>, ctx: { user: SessionUser; db: AppDb }) => Promise<T> | T,
) {
  const action = async (first: unknown, second?: unknown): Promise<ActionResult<T>> => {
    const user = await currentUser();
    if (!user) return { ok: false, error: 'Your session has ended: sign in again.' };
    if (!can(user.role, options.permission)) return { ok: false, error: `Your role (${user.role}) may not do this.` };
    const raw = wellFormed(second instanceof FormData ? formToObject(second, options.lists) : first instanceof FormData ? formToObject(first, options.lists) : first);
    const parsed = options.input.safeParse(raw);
    if (!parsed.success) {
      const fieldErrors = describeIssues(parsed.error, options.labels);
      return { ok: false, error: fieldErrors[0] ?? 'Invalid input.', fieldErrors };
    }
    try {
      const data = await run(parsed.data, { user, db: getDb() });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof UserFacingError) {
        return { ok: false, error: error.message };
      }
      throw error;
    }
  };
  // Read by the role-matrix test (test/security): which permission guards this action.
  return Object.assign(action, { permission: options.permission });
}
