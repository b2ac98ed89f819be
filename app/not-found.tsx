import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-6 py-20 text-center">
      <p className="text-sm font-semibold text-slate-500">404</p>
      <h1 className="mt-1 text-xl font-semibold">Nothing here</h1>
      <Link href="/" className="mt-4 inline-block text-sm text-brand-600 hover:underline">Back to my queue</Link>
    </main>
  );
}
