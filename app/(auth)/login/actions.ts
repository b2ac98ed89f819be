'use server';
import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { z } from 'zod';
import { signIn, signOut } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { safeNextPath } from '@/lib/http/safe-next';
import { getDb } from '@/lib/server/db';
import { clientAddress, currentUser, SESSION_COOKIE, secureCookieWanted } from '@/lib/server/session';

const credentials = z.object({
  email: z.string().trim().min(1, 'Enter your email').max(320),
  password: z.string().min(1, 'Enter your password').max(256),
  next: z.string().optional(),
});

export type SignInState = { error: string | null; email: string };

export async function signInAction(_prev: SignInState, form: FormData): Promise<SignInState> {
  const parsed = credentials.safeParse(Object.fromEntries(form));
  const email = typeof form.get('email') === 'string' ? String(form.get('email')) : '';
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? 'Enter your email and password', email };
  const cfg = config();
  const result = await signIn(getDb(), {
    email: parsed.data.email,
    password: parsed.data.password,
    ip: await clientAddress(),
    ttlHours: cfg.sessionTtlHours,
  });
  if (!result.ok) {
    if (result.reason === 'throttled') {
      const minutes = Math.max(1, Math.ceil(((result.retryAt?.getTime() ?? Date.now()) - Date.now()) / 60_000));
      return { error: `Too many failed sign-ins. Try again in ${minutes} min.`, email };
    }
    return { error: 'Wrong email or password.', email };
  }
  (await cookies()).set(SESSION_COOKIE, result.token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: await secureCookieWanted(cfg.secureCookies),
    path: '/',
    expires: result.expiresAt,
  });
  redirect(safeNextPath(parsed.data.next));
}

export async function signOutAction(): Promise<void> {
  const jar = await cookies();
  const token = jar.get(SESSION_COOKIE)?.value;
  const user = await currentUser();
  if (token && user) await signOut(getDb(), token, user);
  jar.delete(SESSION_COOKIE);
  redirect('/login');
}
