// The one error model: a failure a user should read (bad input, a guard, a missing record) is an
// AppError carrying a code; the code alone decides the HTTP status, for every route and action.
// Anything else thrown is a bug: logged, and answered with a generic 500.

/** Each code, the status it is answered with, and when it is thrown. */
export const ERROR_CODES = {
  /** The input fails validation (a schema, a passphrase too short, a malformed key). */
  INVALID_INPUT: { status: 400 },
  /** No session, or no valid token. */
  UNAUTHORIZED: { status: 401 },
  /** The caller's role lacks the permission, or the request came from another site. */
  FORBIDDEN: { status: 403 },
  /** The record named does not exist (or was never visible to the caller). */
  NOT_FOUND: { status: 404 },
  /** The record exists but its state forbids this now: closed, already acknowledged, purged, no consent. */
  CONFLICT: { status: 409 },
  /** A stored file fails its integrity check: reported, never served. */
  TAMPERED: { status: 409 },
  /** The request body is larger than the console accepts. */
  TOO_LARGE: { status: 413 },
  /** Well-formed, but the content cannot be processed (e.g. a bundle that cannot be sanitized). */
  UNPROCESSABLE: { status: 422 },
  /** Too many requests: the message says when to try again. */
  RATE_LIMITED: { status: 429 },
  /** A broken invariant the user can only report (e.g. the data key is missing). */
  INTERNAL: { status: 500 },
  /** The console is not configured for this (e.g. backup of a PostgreSQL database). */
  NOT_SUPPORTED: { status: 501 },
} as const satisfies Record<string, { status: number }>;

export type AppErrorCode = keyof typeof ERROR_CODES;

/** Messages keyed by input field (zod's `flattenError(...).fieldErrors`). */
export type FieldErrors = Record<string, string[]>;

export class AppError extends Error {
  override name = 'AppError';
  readonly fieldErrors?: FieldErrors;
  /** Seconds to wait before retrying (RATE_LIMITED). */
  readonly retryAfter?: number;

  constructor(
    readonly code: AppErrorCode,
    message: string,
    options: { fieldErrors?: FieldErrors; retryAfter?: number; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    if (options.fieldErrors) this.fieldErrors = options.fieldErrors;
    if (options.retryAfter !== undefined) this.retryAfter = options.retryAfter;
  }

  get status(): number {
    return ERROR_CODES[this.code].status;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/** The status a code is answered with. */
export function statusOf(code: AppErrorCode): number {
  return ERROR_CODES[code].status;
}

/** The JSON response for an AppError: `{ error, code, fieldErrors? }` with the table's status. */
export function appErrorResponse(error: AppError): Response {
  const headers: Record<string, string> = { 'cache-control': 'no-store' };
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  return Response.json({ error: error.message, code: error.code, ...(error.fieldErrors ? { fieldErrors: error.fieldErrors } : {}) }, { status: error.status, headers });
}
