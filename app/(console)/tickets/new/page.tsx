import type { Metadata } from 'next';
import { PageHeader } from '@/components/ui/card';
import { requirePageUser } from '@/lib/server/session';
import { NewTicketForm } from './new-ticket-form';

export const metadata: Metadata = { title: 'New ticket' };

export default async function NewTicketPage() {
  await requirePageUser('ticket:write');
  return (
    <>
      <PageHeader title="New ticket" subtitle="Intake: who is affected, how badly, and since when." />
      <NewTicketForm />
    </>
  );
}
