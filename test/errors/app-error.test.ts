// The error model: every code has one status, and an AppError is answered with it.
import { describe, expect, it } from 'vitest';
import { AppError, appErrorResponse, ERROR_CODES, statusOf, type AppErrorCode } from '@/lib/errors';

describe('the code → status table', () => {
  it('maps each code to the status a client relies on', () => {
    const expected: Record<AppErrorCode, number> = {
      INVALID_INPUT: 400,
      UNAUTHORIZED: 401,
      FORBIDDEN: 403,
      NOT_FOUND: 404,
      CONFLICT: 409,
      TAMPERED: 409,
      TOO_LARGE: 413,
      UNPROCESSABLE: 422,
      RATE_LIMITED: 429,
      INTERNAL: 500,
      NOT_SUPPORTED: 501,
    };
    expect(Object.fromEntries(Object.keys(ERROR_CODES).map((c) => [c, statusOf(c as AppErrorCode)]))).toEqual(expected);
  });

  it('answers an AppError as JSON with its message, code, field problems and retry time', async () => {
    const res = appErrorResponse(new AppError('INVALID_INPUT', 'Customer is required', { fieldErrors: { customerName: ['Customer is required'] } }));
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: 'Customer is required', code: 'INVALID_INPUT', fieldErrors: { customerName: ['Customer is required'] } });
    const limited = appErrorResponse(new AppError('RATE_LIMITED', 'Too many', { retryAfter: 7 }));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
  });

  it('an AppError is an Error with its status', () => {
    const error = new AppError('FORBIDDEN', 'no');
    expect(error).toBeInstanceOf(Error);
    expect(error.status).toBe(403);
  });
});
