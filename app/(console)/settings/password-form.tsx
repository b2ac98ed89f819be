'use client';
import { ActionForm } from '@/components/ui/action-button';
import { Field, Input } from '@/components/ui/field';
import { changePasswordAction } from './actions';

export function PasswordForm() {
  return (
    <ActionForm action={changePasswordAction} submitLabel="Change password" successMessage="Password changed; your other sessions were signed out." className="max-w-sm">
      <Field label="Current password" htmlFor="current-password">
        <Input id="current-password" name="current" type="password" autoComplete="current-password" required />
      </Field>
      <Field label="New password" htmlFor="new-password" hint="At least 12 characters.">
        <Input id="new-password" name="next" type="password" autoComplete="new-password" required minLength={12} />
      </Field>
    </ActionForm>
  );
}
