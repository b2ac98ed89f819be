'use client';
import { useActionState, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select } from '@/components/ui/field';
import { ROLES, type Role } from '@/db/schema';
import type { ActionResult } from '@/lib/server/action';
import { addUserAction, changeRoleAction, resetPasswordAction, setDisabledAction } from './actions';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: Role;
  disabled: boolean;
  self: boolean;
}

function Secret({ label, value }: { label: string; value: string }) {
  return (
    <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
      {label}: <code className="select-all font-mono font-semibold" data-testid="one-time-secret">{value}</code> (shown once)
    </div>
  );
}

export function AddUserForm() {
  const [state, formAction, pending] = useActionState<ActionResult<string | null> | undefined, FormData>(addUserAction, undefined);
  return (
    <form action={formAction} className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-[1fr_1fr_10rem_auto] sm:items-end">
        <Field label="Email" htmlFor="new-email">
          <Input id="new-email" name="email" type="email" required />
        </Field>
        <Field label="Name" htmlFor="new-name">
          <Input id="new-name" name="name" />
        </Field>
        <Field label="Role" htmlFor="new-role">
          <Select id="new-role" name="role" defaultValue="engineer">
            {ROLES.map((r) => (
              <option key={r} value={r}>{r}</option>
            ))}
          </Select>
        </Field>
        <Button type="submit" disabled={pending}>{pending ? 'Adding…' : 'Add user'}</Button>
      </div>
      {state && !state.ok && <FormError message={state.error} />}
      {state?.ok && state.data && <Secret label="Password for the new user" value={state.data} />}
    </form>
  );
}

export function UsersTable({ users }: { users: UserRow[] }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ error?: string; secret?: string } | null>(null);
  const run = (fn: () => Promise<ActionResult<unknown>>) =>
    start(async () => {
      const result = await fn();
      setMessage(result.ok ? (typeof result.data === 'string' ? { secret: result.data } : null) : { error: result.error });
    });
  return (
    <div className="space-y-2">
      {message?.error && <FormError message={message.error} />}
      {message?.secret && <Secret label="New password" value={message.secret} />}
      <table className="min-w-full divide-y divide-slate-100 text-sm">
        <thead>
          <tr className="text-left text-xs uppercase tracking-wide text-slate-500">
            <th className="py-1.5 pr-3">Email</th>
            <th className="py-1.5 pr-3">Name</th>
            <th className="py-1.5 pr-3">Role</th>
            <th className="py-1.5 pr-3">State</th>
            <th className="py-1.5" />
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {users.map((u) => (
            <tr key={u.id} data-user={u.email}>
              <td className="py-1.5 pr-3 font-medium">{u.email}</td>
              <td className="py-1.5 pr-3 text-slate-600">{u.name}</td>
              <td className="py-1.5 pr-3">
                <Select aria-label={`Role of ${u.email}`} value={u.role} disabled={pending || u.self} onChange={(e) => run(() => changeRoleAction({ userId: u.id, role: e.target.value }))} className="w-32">
                  {ROLES.map((r) => (
                    <option key={r} value={r}>{r}</option>
                  ))}
                </Select>
              </td>
              <td className="py-1.5 pr-3">{u.disabled ? <span className="text-red-600">disabled</span> : 'active'}</td>
              <td className="space-x-2 py-1.5 text-right">
                {!u.self && (
                  <Button size="sm" variant="secondary" disabled={pending} onClick={() => run(() => setDisabledAction({ email: u.email, disabled: !u.disabled }))}>
                    {u.disabled ? 'Enable' : 'Disable'}
                  </Button>
                )}
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(() => resetPasswordAction({ userId: u.id }))}>
                  Reset password
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
