// The console's origin for links that leave it (e-mails, webhooks): X400_PUBLIC_URL when set,
// else the origin the request came in on.
import 'server-only';
import { headers } from 'next/headers';
import { config } from '@/lib/env';

export async function publicOrigin(): Promise<string | null> {
  const configured = config().publicUrl;
  if (configured) return configured;
  const h = await headers();
  const host = h.get('x-forwarded-host') ?? h.get('host');
  if (!host) return null;
  const proto = (h.get('x-forwarded-proto') ?? 'http').split(',')[0]!.trim();
  return `${proto}://${host}`;
}
