'use client';
// The error boundary's content beside slow pages: what failed, a retry, and the digest a server
// log line carries (the error's message stays on the server).
import Link from 'next/link';

export function PageError({ title, error, reset }: { title: string; error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="mx-auto max-w-lg py-16 text-center" data-testid="page-error">
      <h1 className="text-lg font-semibold text-slate-900">{title}</h1>
      <p className="mt-2 text-sm text-slate-600">Something went wrong on the server. Try again; if it keeps failing, give an admin this reference.</p>
      {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p>}
      <div className="mt-4 flex justify-center gap-3 text-sm">
        <button type="button" onClick={reset} className="rounded-md bg-brand-600 px-3 py-1.5 font-medium text-white hover:bg-brand-700">Try again</button>
        <Link href="/" className="rounded-md px-3 py-1.5 text-brand-600 hover:underline">Back to my queue</Link>
      </div>
    </div>
  );
}

export function PageLoading({ label }: { label: string }) {
  return (
    <div className="py-16 text-center text-sm text-slate-500" role="status" aria-live="polite" data-testid="page-loading">
      <span className="mr-2 inline-block h-3 w-3 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600 align-middle" />
      {label}
    </div>
  );
}
