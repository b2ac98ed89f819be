// Structured logs: pino, one JSON object a line on stdout, at LOG_LEVEL (default info). Every line
// written while a request is handled carries its request id (the caller's X-Request-Id when it is
// well formed, else a new one), so one request's lines can be found together.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import pino from 'pino';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

const context = new AsyncLocalStorage<{ requestId: string }>();

function levelFromEnv(): string {
  const wanted = (process.env.LOG_LEVEL ?? '').trim().toLowerCase();
  return LEVELS.has(wanted) ? wanted : 'info';
}

const holder = globalThis as unknown as { __x400Log?: pino.Logger };

/** A logger writing JSON lines to `destination` (stdout by default) at LOG_LEVEL. */
export function makeLogger(destination?: pino.DestinationStream): pino.Logger {
  const options: pino.LoggerOptions = {
    level: levelFromEnv(),
    base: { service: 'x400-support-console' },
    timestamp: pino.stdTimeFunctions.isoTime,
    mixin: () => {
      const store = context.getStore();
      return store ? { requestId: store.requestId } : {};
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** The process's logger (one per process, kept across hot reloads). */
export function logger(): pino.Logger {
  holder.__x400Log ??= makeLogger();
  return holder.__x400Log;
}

/** The request id to use: the caller's `X-Request-Id` when well formed, else a new UUID. */
export function requestIdFor(headers: Headers): string {
  const given = headers.get('x-request-id')?.trim();
  return given && /^[\w.:-]{1,100}$/.test(given) ? given : randomUUID();
}

/** Runs `work` with `requestId` on every log line it writes. */
export function withRequestId<T>(requestId: string, work: () => T): T {
  return context.run({ requestId }, work);
}

/** The id of the request being handled, if any. */
export function currentRequestId(): string | undefined {
  return context.getStore()?.requestId;
}
