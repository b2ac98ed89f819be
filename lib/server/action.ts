// The one wrapper every server action goes through: session, role, input, expected failures.
// Failures come back as the error model's code and message (lib/errors.ts), never as a throw.
import 'server-only';
import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { can, type Permission } from '@/lib/auth/roles';
import { AppError, type AppErrorCode, type FieldErrors } from '@/lib/errors';
import { wellFormed } from '@/lib/http/well-formed';
import { withRequestId } from '@/lib/log';
import { invalidInput } from '@/lib/validation';
import type { AppDb } from '@/db/client';
import { getDb } from './db';
import { currentUser, type SessionUser } from './session';

export type ActionResult<T = undefined> =
  | { ok: true; data?: T; message?: string }
  | { ok: false; error: string; code?: AppErrorCode; fieldErrors?: FieldErrors };

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

/** An AppError as an action's failed result. */
export function failure(error: AppError): ActionResult<never> {
  return { ok: false, error: error.message, code: error.code, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) };
}

/**
 * Defines a server action: callable as `(prevState, formData)` by useActionState or as `(input)`
 * directly. Every call re-checks the session and role on the server, then validates the input.
 */
export function defineAction<S extends z.ZodType, T>(
  options: { permission: Permission; input: S; lists?: readonly string[]; labels?: Record<string, string> },
  run: (input: z.output<S>, ctx: { user: SessionUser; db: AppDb }) => Promise<T> | T,
) {
  const action = (first: unknown, second?: unknown): Promise<ActionResult<T>> => withRequestId(randomUUID(), () => run_(first, second));
  const run_ = async (first: unknown, second?: unknown): Promise<ActionResult<T>> => {
    try {
      const user = await currentUser();
      if (!user) throw new AppError('UNAUTHORIZED', 'Your session has ended: sign in again.');
      if (!can(user.role, options.permission)) throw new AppError('FORBIDDEN', `Your role (${user.role}) may not do this.`);
      const raw = wellFormed(second instanceof FormData ? formToObject(second, options.lists) : first instanceof FormData ? formToObject(first, options.lists) : first);
      const parsed = options.input.safeParse(raw);
      if (!parsed.success) throw invalidInput(parsed.error, options.labels);
      const data = await run(parsed.data, { user, db: getDb() });
      return { ok: true, data };
    } catch (error) {
      if (error instanceof AppError) return failure(error);
      throw error;
    }
  };
  // Read by the role-matrix test (test/security): which permission guards this action.
  return Object.assign(action, { permission: options.permission });
}
