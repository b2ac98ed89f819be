// The public page behind a customer's confirmation link: no account, says nothing about the
// ticket beyond its number. Opening it does not use the link; the button does.
import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { LINK_MESSAGES, peekConfirmationLink } from '@/lib/customer-updates/confirmation';
import { config } from '@/lib/env';
import { clientAddressFrom } from '@/lib/server/client-address';
import { getDb } from '@/lib/server/db';
import { rateLimit } from '@/lib/server/rate-limit';
import { ConfirmForm } from './confirm-form';

export const metadata: Metadata = { title: 'Confirm', referrer: 'no-referrer', robots: { index: false, follow: false } };

export default async function ConfirmPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  const wait = await rateLimit('confirmLink', clientAddressFrom(await headers(), config().trustedProxyHops));
  const peek = wait === null ? await peekConfirmationLink(getDb(), token) : null;
  return (
    <main className="flex min-h-screen items-center justify-center bg-slate-100 px-4">
      <div className="w-full max-w-md rounded-xl bg-white p-6 shadow">
        <div className="mb-4 text-xs font-semibold uppercase tracking-wider text-brand-600">X400 Support</div>
        <h1 className="mb-3 text-lg font-semibold text-slate-900">Confirm the resolution</h1>
        {wait !== null ? (
          <p role="alert" className="text-sm text-red-700">Too many attempts from your address: try again in {wait} s.</p>
        ) : peek!.state === 'usable' ? (
          <ConfirmForm token={token} ticketId={(peek as { ticketId: number }).ticketId} />
        ) : (
          <p role="alert" className="text-sm text-slate-700" data-testid="confirm-refused">
            {LINK_MESSAGES[peek!.state as keyof typeof LINK_MESSAGES]}
          </p>
        )}
      </div>
    </main>
  );
}
