// The one wrapper every route handler under app/api goes through, as defineAction is for server
// actions: who is asking (session cookie or bearer token, with the CSRF check for cookie writes),
// the permission, the route params, query and JSON body validated with zod, a rate limit, and
// every failure answered by the error model's code → status table (lib/errors.ts).
import 'server-only';
import type { z } from 'zod';
import type { Permission } from '@/lib/auth/roles';
import type { AppDb } from '@/db/client';
import { AppError, appErrorResponse } from '@/lib/errors';
import { readQuery } from '@/lib/http/query';
import { wellFormed } from '@/lib/http/well-formed';
import { logger, requestIdFor, withRequestId } from '@/lib/log';
import { invalidInput } from '@/lib/validation';
import { getDb } from './db';
import { enforceRateLimit, type LimitName } from './rate-limit';
import { userForRequest, type SessionUser } from './session';

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;

export type RouteInput<P, Q, B> = {
  request: Request;
  /** The caller (for 'public' routes there is none: do not read it). */
  user: SessionUser;
  db: AppDb;
  params: Out<P>;
  query: Out<Q>;
  body: Out<B>;
};

type RouteOptions<P, Q, B> = {
  /** The permission the caller's role needs; 'public' for probes that need no session. */
  permission: Permission | 'public';
  /** Route params (`[id]`…); a value the schema refuses is a 404 with the schema's message. */
  params?: P;
  /** The query string (lib/http/query.ts: each key at most once); refused → 400. */
  query?: Q;
  /** The JSON body; not JSON, or refused by the schema → 400 with problems by field. */
  body?: B;
  /** Counted per user (or token's user) after the permission check. */
  rateLimit?: { name: LimitName; what: string };
};

export type RouteHandler = ((request: Request, context?: { params: Promise<Record<string, string | string[] | undefined>> }) => Promise<Response>) & { permission: Permission | 'public' };

async function readJson(request: Request): Promise<unknown> {
  try {
    return wellFormed(await request.json());
  } catch {
    throw new AppError('INVALID_INPUT', 'The body must be JSON.');
  }
}

/** The response for anything a handler threw: AppErrors by the table, anything else a logged 500. */
export function routeErrorResponse(error: unknown, request: Request): Response {
  if (error instanceof AppError) return appErrorResponse(error);
  // A bug: the name and route only (a message could hold bundle data), and a generic answer.
  logger().error({ method: request.method, path: new URL(request.url).pathname, err: error instanceof Error ? error.name : 'error' }, 'route handler failed');
  return appErrorResponse(new AppError('INTERNAL', 'The server failed to answer this request; the error is logged.'));
}

export function defineRoute<P extends z.ZodType | undefined = undefined, Q extends z.ZodObject | undefined = undefined, B extends z.ZodType | undefined = undefined>(
  options: RouteOptions<P, Q, B>,
  run: (input: RouteInput<P, Q, B>) => Promise<Response | object> | Response | object,
): RouteHandler {
  const handler = (request: Request, context?: { params?: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> => {
    const requestId = requestIdFor(request.headers);
    return withRequestId(requestId, async () => {
      const started = performance.now();
      const response = await answer(request, context);
      // Streams (downloads) keep their headers; everything else says which request it was.
      try {
        response.headers.set('x-request-id', requestId);
      } catch {
        /* immutable headers */
      }
      logger().info({ method: request.method, path: new URL(request.url).pathname, status: response.status, ms: Math.round(performance.now() - started) }, 'request');
      return response;
    });
  };
  const answer = async (request: Request, context?: { params?: Promise<Record<string, string | string[] | undefined>> }): Promise<Response> => {
    try {
      const user = options.permission === 'public' ? null : await userForRequest(request, options.permission);
      if (user && options.rateLimit) await enforceRateLimit(options.rateLimit.name, user.id, options.rateLimit.what);
      let params: unknown = undefined;
      if (options.params) {
        const parsed = options.params.safeParse((await context?.params) ?? {});
        if (!parsed.success) throw new AppError('NOT_FOUND', parsed.error.issues[0]?.message ?? 'Not found.');
        params = parsed.data;
      }
      let query: unknown = undefined;
      if (options.query) {
        const result = readQuery(options.query, new URL(request.url).searchParams);
        if (!result.ok) throw new AppError('INVALID_INPUT', result.error);
        query = result.data;
      }
      let body: unknown = undefined;
      if (options.body) {
        const parsed = options.body.safeParse(await readJson(request));
        if (!parsed.success) throw invalidInput(parsed.error);
        body = parsed.data;
      }
      const result = await run({ request, db: getDb(), user: user as SessionUser, params: params as Out<P>, query: query as Out<Q>, body: body as Out<B> });
      return result instanceof Response ? result : Response.json(result);
    } catch (error) {
      return routeErrorResponse(error, request);
    }
  };
  return Object.assign(handler, { permission: options.permission }) as RouteHandler;
}
