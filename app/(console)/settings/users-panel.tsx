'use client';
import { startTransition, useActionState, useEffect, useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input, Select } from '@/components/ui/field';
import { ROLES, type Role } from '@/db/values';
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
  const [lastEmail, setLastEmail] = useState('');
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form
      ref={form}
      action={formAction}
      onSubmit={(e) => {
        // Submit in a transition so a refused entry keeps what was typed; remember whose password it is.
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        setLastEmail(String(data.get('email') ?? ''));
        startTransition(() => formAction(data));
      }}
      className="space-y-3"
    >
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
      {state?.ok && state.data && <Secret label={`Password for ${lastEmail || 'the new user'}`} value={state.data} />}
    </form>
  );
}

/** What a row action asks before it acts, and how its outcome is said. */
function confirmText(kind: 'role' | 'disable' | 'enable' | 'reset', u: UserRow, role?: Role): string {
  switch (kind) {
    case 'role':
      return `Change the role of ${u.email} from ${u.role} to ${role}? Their rights change at their next request.`;
    case 'disable':
      return `Disable ${u.email}? They are signed out everywhere and their API tokens stop working.`;
    case 'enable':
      return `Enable ${u.email} again?`;
    case 'reset':
      return `Reset the password of ${u.email}? Their current password stops working and their sessions end.`;
  }
}

export function UsersTable({ users }: { users: UserRow[] }) {
  const [pending, start] = useTransition();
  const [message, setMessage] = useState<{ error?: string; secret?: { email: string; value: string }; done?: string } | null>(null);
  const run = (question: string, fn: () => Promise<ActionResult<unknown>>, outcome: { email: string; done?: string }) => {
    // A new attempt replaces what the last one said, even when it is cancelled.
    setMessage(null);
    if (!window.confirm(question)) return;
    start(async () => {
      const result = await fn();
      if (!result.ok) setMessage({ error: result.error });
      else if (typeof result.data === 'string') setMessage({ secret: { email: outcome.email, value: result.data } });
      else setMessage(outcome.done ? { done: outcome.done } : null);
    });
  };
  return (
    <div className="space-y-2">
      {message?.error && <FormError message={message.error} />}
      {message?.done && <p role="status" className="text-xs text-emerald-700">{message.done}</p>}
      {message?.secret && <Secret label={`New password for ${message.secret.email}`} value={message.secret.value} />}
      <div className="overflow-x-auto">
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
                <Select
                  aria-label={`Role of ${u.email}`}
                  value={u.role}
                  disabled={pending || u.self}
                  onChange={(e) => {
                    const role = e.target.value as Role;
                    run(confirmText('role', u, role), () => changeRoleAction({ userId: u.id, role }), { email: u.email, done: `${u.email} is now ${role}.` });
                  }}
                  className="w-32"
                >
                  {ROLES.map((r) => (
                    <option key={r} value={r}>{r}</option>
                  ))}
                </Select>
              </td>
              <td className="py-1.5 pr-3">{u.disabled ? <span className="text-red-600">disabled</span> : 'active'}</td>
              <td className="space-x-2 whitespace-nowrap py-1.5 text-right">
                {!u.self && (
                  <Button
                    size="sm"
                    variant="secondary"
                    disabled={pending}
                    onClick={() => run(confirmText(u.disabled ? 'enable' : 'disable', u), () => setDisabledAction({ email: u.email, disabled: !u.disabled }), { email: u.email, done: `${u.email} is ${u.disabled ? 'enabled' : 'disabled'}.` })}
                  >
                    {u.disabled ? 'Enable' : 'Disable'}
                  </Button>
                )}
                <Button size="sm" variant="ghost" disabled={pending} onClick={() => run(confirmText('reset', u), () => resetPasswordAction({ userId: u.id }), { email: u.email })}>
                  Reset password
                </Button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </div>
    </div>
  );
}
