'use client';
// Replaces the root layout when it fails: a page of its own, with its own <html>.
import './globals.css';

export default function GlobalError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="en">
      <body className="bg-slate-50 font-sans text-slate-900">
        <main role="alert" className="mx-auto max-w-lg px-6 py-20 text-center">
          <h1 className="text-lg font-semibold">The console could not be shown</h1>
          <p className="mt-2 text-sm text-slate-600">Something went wrong on the server. Try again; if it keeps failing, give an admin this reference.</p>
          {error.digest && <p className="mt-2 font-mono text-xs text-slate-500">Reference: {error.digest}</p>}
          <button type="button" onClick={reset} className="mt-4 rounded-md bg-slate-900 px-3 py-1.5 text-sm font-medium text-white">Try again</button>
        </main>
      </body>
    </html>
  );
}
