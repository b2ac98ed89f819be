// Shared by the bundle-contents endpoints (permission bundle:contents, checked by defineRoute): a
// bundle whose contents were parsed (which implies confirmed consent). Managers never get contents.
import { z } from 'zod';
import type { AppDb } from '@/db/client';
import type { Bundle } from '@/db/schema';
import { findBundle } from '@/db/queries/bundles';
import { AppError } from '@/lib/errors';

export const bundleParams = z.object({ id: z.string().max(100, 'No such bundle.') });

export async function parsedBundle(db: AppDb, id: string): Promise<Bundle> {
  const bundle = await findBundle(db, id);
  if (!bundle) throw new AppError('NOT_FOUND', `No bundle ${id}.`);
  if (bundle.parseState !== 'parsed' || !bundle.consentConfirmedAt) {
    throw new AppError('CONFLICT', `Bundle ${id} is not parsed (${bundle.parseState}): its contents are not available.`);
  }
  return bundle;
}
