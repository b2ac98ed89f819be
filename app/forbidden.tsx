import Link from 'next/link';

export default function Forbidden() {
  return (
    <main className="mx-auto max-w-md px-6 py-20 text-center">
      <p className="text-sm font-semibold text-red-600">403</p>
      <h1 className="mt-1 text-xl font-semibold">Your role cannot open this page</h1>
      <p className="mt-2 text-sm text-slate-500">Ask an admin if you need access.</p>
      <Link href="/" className="mt-4 inline-block text-sm text-brand-600 hover:underline">Back to my queue</Link>
    </main>
  );
}
