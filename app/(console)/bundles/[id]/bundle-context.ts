// What every bundle page loads first: the bundle, its ticket, and the reported times.
import { notFound, redirect } from 'next/navigation';
import { findBundle, findTombstone } from '@/db/queries/bundles';
import { findTicket } from '@/db/queries/tickets';
import type { Bundle, Ticket } from '@/db/schema';
import { getDb } from '@/lib/server/db';
import { reportedTimes, type ReportedTime } from '@/lib/trace-view/reported';

export interface BundleContext {
  bundle: Bundle;
  ticket: Ticket | null;
  reported: ReportedTime[];
  /** Contents may be shown: parsed, which implies consent confirmed. */
  parsed: boolean;
}

export async function loadBundleContext(id: string): Promise<BundleContext> {
  const db = getDb();
  let bundleId: string;
  try {
    bundleId = decodeURIComponent(id);
  } catch {
    notFound();
  }
  const bundle = await findBundle(db, bundleId);
  if (!bundle) {
    // A purged bundle keeps its address: tasks and tickets that cite it lead to its tombstone.
    if (await findTombstone(db, bundleId)) redirect(`/bundles/${encodeURIComponent(bundleId)}/purged`);
    notFound();
  }
  const ticket = bundle.ticketId !== null ? ((await findTicket(db, bundle.ticketId)) ?? null) : null;
  const reported = reportedTimes((bundle.metadata as { reportedAt?: unknown }).reportedAt, ticket?.reportedAt);
  return { bundle, ticket, reported, parsed: bundle.parseState === 'parsed' && !!bundle.consentConfirmedAt };
}
