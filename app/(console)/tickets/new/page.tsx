import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { getSlaPolicy } from '@/lib/settings';
import { describeTarget, SEVERITIES } from '@/lib/sla/policy';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { NewTicketForm, type TargetWords } from './new-ticket-form';

export const metadata: Metadata = { title: 'New ticket' };

export default async function NewTicketPage() {
  await requirePageUser('ticket:write');
  // The targets as an admin set them, so the form never shows a copy that went stale.
  const { targets } = await getSlaPolicy(getDb());
  const words = Object.fromEntries(SEVERITIES.map((s) => [s, { ack: describeTarget(targets[s].ack), mitigate: describeTarget(targets[s].mitigate) }])) as TargetWords;
  return (
    <>
      <PageHeader title="New ticket" subtitle="Intake: who is affected, how badly, and since when." />
      <NewTicketForm targets={words} />
    </>
  );
}
