// Who is asking: every page, server action and route handler calls one of these itself.
import 'server-only';
import { cookies, headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import type { User } from '@/db/schema';
import { sessionFromToken, userFromApiToken } from '@/lib/auth/accounts';
import { can, type Permission } from '@/lib/auth/roles';
import { hashToken } from '@/lib/auth/tokens';
import { crossSiteProblem } from '@/lib/http/csrf';
import { viaHttps } from '@/lib/http/origin';
import { config } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { clientAddressFrom } from './client-address';
import { getDb } from './db';
import { enforceRateLimit } from './rate-limit';

export const SESSION_COOKIE = 'x400_session';

export type SessionUser = Pick<User, 'id' | 'email' | 'name' | 'role'>;

function publicUser(user: User): SessionUser {
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

/** A cookie value as sent; a malformed %-escape is no session rather than a 500. */
function safeDecode(value: string): string | undefined {
  try {
    return decodeURIComponent(value);
  } catch {
    return undefined;
  }
}

export async function currentUser(): Promise<SessionUser | null> {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  const found = await sessionFromToken(getDb(), token);
  return found ? publicUser(found.user) : null;
}

/** For pages: the signed-in user, or a redirect to /login; a 403 page without the permission. */
export async function requirePageUser(permission?: Permission): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) {
    const path = (await headers()).get('x-x400-path') ?? '/';
    redirect(`/login?next=${encodeURIComponent(path)}`);
  }
  if (permission && !can(user.role, permission)) forbidden();
  return user;
}

/** The client's address for a request (see client-address.ts: X-Forwarded-For only past trusted proxies). */
export function requestAddress(h: Headers): string {
  return clientAddressFrom(h, config().trustedProxyHops);
}

export async function clientAddress(): Promise<string> {
  return requestAddress(await headers());
}

export async function secureCookieWanted(mode: 'auto' | 'always' | 'never'): Promise<boolean> {
  if (mode !== 'auto') return mode === 'always';
  return viaHttps(await headers());
}

/**
 * For route handlers (through defineRoute): a session cookie or an `Authorization: Bearer
 * <personal API token>`. Returns the user, or throws the AppError to answer (UNAUTHORIZED,
 * FORBIDDEN, RATE_LIMITED). A valid token is rate limited on itself; a request that proves no
 * identity is rate limited on its client address. A cookie-authenticated write must come from
 * the console's own origin (lib/http/csrf.ts).
 */
export async function userForRequest(request: Request, permission: Permission | null): Promise<SessionUser> {
  const db = getDb();
  const auth = request.headers.get('authorization');
  let user: User | null = null;
  if (auth?.toLowerCase().startsWith('bearer ')) {
    const token = auth.slice(7).trim();
    user = await userFromApiToken(db, token);
    if (user) await enforceRateLimit('apiToken', hashToken(token), 'API calls with this token');
  } else {
    const cookie = request.headers.get('cookie') ?? '';
    const token = cookie
      .split(';')
      .map((c) => c.trim())
      .find((c) => c.startsWith(`${SESSION_COOKIE}=`))
      ?.slice(SESSION_COOKIE.length + 1);
    user = (await sessionFromToken(db, token ? safeDecode(token) : undefined))?.user ?? null;
    const crossSite = user ? crossSiteProblem(request) : null;
    if (crossSite) throw new AppError('FORBIDDEN', crossSite);
  }
  if (!user) {
    await enforceRateLimit('anonymous', requestAddress(request.headers), 'requests without a valid session or token from your address');
    throw new AppError('UNAUTHORIZED', 'Sign in, or send a personal API token.');
  }
  if (permission && !can(user.role, permission)) throw new AppError('FORBIDDEN', `Your role may not do this (${permission}).`);
  return publicUser(user);
}
