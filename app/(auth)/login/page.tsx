import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { loginQuery, pageQuery } from '@/lib/http/page-queries';
import { currentUser } from '@/lib/server/session';
import { LoginForm } from './login-form';

export const metadata: Metadata = { title: 'Sign in' };

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (await currentUser()) redirect('/');
  const { next } = pageQuery(loginQuery, await searchParams);
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-900 px-4">
      <div className="w-full max-w-sm rounded-xl bg-white p-6 shadow-xl">
        <div className="mb-6">
          <div className="text-xs font-semibold uppercase tracking-wider text-brand-600">X400 Support Console</div>
          <h1 className="mt-1 text-xl font-semibold text-slate-900">Sign in</h1>
          <p className="mt-1 text-sm text-slate-500">Use the account your admin created. On a first start, the admin&apos;s one-time password is printed in the server&apos;s terminal.</p>
        </div>
        <LoginForm next={next} />
      </div>
    </main>
  );
}
