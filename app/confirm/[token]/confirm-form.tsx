'use client';
// One button: the customer confirms. The link is used only by this POST, never by opening the
// page (mail scanners open links).
import { useActionState } from 'react';
import { Button } from '@/components/ui/button';
import { confirmByLinkAction, type ConfirmResult } from './actions';

export function ConfirmForm({ token, ticketId }: { token: string; ticketId: number }) {
  const [state, action, pending] = useActionState<ConfirmResult | undefined, FormData>(confirmByLinkAction, undefined);
  if (state?.ok) {
    return (
      <p role="status" className="text-sm text-emerald-700" data-testid="confirm-done">
        Thank you: your confirmation for ticket #{state.ticketId} is recorded. You can close this page.
      </p>
    );
  }
  return (
    <form action={action} className="space-y-3">
      <input type="hidden" name="token" value={token} />
      <p className="text-sm text-slate-700">Is the issue you reported on ticket #{ticketId} resolved for you?</p>
      {state && !state.ok && (
        <p role="alert" className="text-sm text-red-700">
          {state.error}
        </p>
      )}
      <Button type="submit" disabled={pending}>
        {pending ? 'Recording…' : 'Yes, confirm it is resolved'}
      </Button>
    </form>
  );
}
