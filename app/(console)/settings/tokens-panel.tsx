'use client';
import { useActionState } from 'react';
import { ActionButton } from '@/components/ui/action-button';
import { Button } from '@/components/ui/button';
import { FormError, Input } from '@/components/ui/field';
import type { ActionResult } from '@/lib/server/action';
import { createTokenAction, revokeTokenAction } from './actions';

export interface TokenRow {
  id: string;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revoked: boolean;
}

export function TokensPanel({ tokens }: { tokens: TokenRow[] }) {
  const [state, formAction, pending] = useActionState<ActionResult<string> | undefined, FormData>(createTokenAction, undefined);
  return (
    <div className="space-y-3">
      <p className="text-sm text-slate-600">
        For scripts: <code className="font-mono text-xs">curl -H &quot;Authorization: Bearer &lt;token&gt;&quot; -F file=@trace-….zip /api/tickets/ID/bundles</code>
      </p>
      <form action={formAction} className="flex gap-2">
        <Input name="name" placeholder="Token name, e.g. upload script" aria-label="Token name" required className="max-w-xs" />
        <Button type="submit" disabled={pending}>Create token</Button>
      </form>
      {state && !state.ok && <FormError message={state.error} />}
      {state?.ok && state.data && (
        <div role="status" className="rounded-md bg-emerald-50 px-3 py-2 text-sm text-emerald-800 ring-1 ring-inset ring-emerald-200">
          Your new token (shown once): <code className="select-all break-all font-mono font-semibold" data-testid="one-time-secret">{state.data}</code>
        </div>
      )}
      {tokens.length > 0 && (
        <ul className="divide-y divide-slate-100 text-sm">
          {tokens.map((t) => (
            <li key={t.id} className="flex items-center justify-between py-1.5">
              <span>
                <span className="font-medium">{t.name}</span> <code className="font-mono text-xs text-slate-500">{t.prefix}…</code>
                <span className="ml-2 text-xs text-slate-500">created {t.createdAt.slice(0, 10)} · {t.lastUsedAt ? `last used ${t.lastUsedAt.slice(0, 16).replace('T', ' ')}` : 'never used'}</span>
              </span>
              {t.revoked ? <span className="text-xs text-slate-400">revoked</span> : <ActionButton action={revokeTokenAction} input={{ tokenId: t.id }} confirm="Revoke this token? Scripts using it will stop working.">Revoke</ActionButton>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
