'use server';
// The customer's confirmation: no session (the link is the credential), rate-limited per client
// address, single use. Answers what the page shows; never anything about the ticket but its number.
import { headers } from 'next/headers';
import { z } from 'zod';
import { confirmByLink, ConfirmationLinkError } from '@/lib/customer-updates/confirmation';
import { config } from '@/lib/env';
import { clientAddressFrom } from '@/lib/server/client-address';
import { getDb } from '@/lib/server/db';
import { rateLimit } from '@/lib/server/rate-limit';

export type ConfirmResult = { ok: true; ticketId: number } | { ok: false; error: string };

export async function confirmByLinkAction(_prev: ConfirmResult | undefined, form: FormData): Promise<ConfirmResult> {
  const address = clientAddressFrom(await headers(), config().trustedProxyHops);
  const wait = await rateLimit('confirmLink', address);
  if (wait !== null) return { ok: false, error: `Too many attempts from your address: try again in ${wait} s.` };
  const token = z.string().max(200).safeParse(form.get('token'));
  if (!token.success) return { ok: false, error: 'This confirmation link is not valid.' };
  try {
    const { ticketId } = await confirmByLink(getDb(), token.data);
    return { ok: true, ticketId };
  } catch (error) {
    if (error instanceof ConfirmationLinkError) return { ok: false, error: error.message };
    throw error;
  }
}
