'use client';
// Buttons and forms that call a server action and show its pending state and error.
import { startTransition, useActionState, useEffect, useRef, useState, useTransition, type ReactNode } from 'react';
import type { ActionResult } from '@/lib/server/action';
import { Button, type ButtonVariant } from './button';
import { FormError } from './field';

type Action<I> = (input: I) => Promise<ActionResult<unknown>>;

export function ActionButton<I>({
  action,
  input,
  children,
  variant = 'secondary',
  size = 'sm',
  confirm,
  pendingLabel,
  testId,
}: {
  action: Action<I>;
  input: I;
  children: ReactNode;
  variant?: ButtonVariant;
  size?: 'sm' | 'md';
  confirm?: string;
  pendingLabel?: string;
  testId?: string;
}) {
  const [pending, start] = useTransition();
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-col items-start gap-1">
      <Button
        variant={variant}
        size={size}
        disabled={pending}
        data-testid={testId}
        onClick={() => {
          if (confirm && !window.confirm(confirm)) return;
          start(async () => {
            const result = await action(input);
            setError(result.ok ? null : result.error);
          });
        }}
      >
        {pending ? (pendingLabel ?? 'Working…') : children}
      </Button>
      {error && <span role="alert" className="text-xs text-red-600">{error}</span>}
    </span>
  );
}

/** A form bound to a `(prev, formData)` server action; clears itself after a success. */
export function ActionForm({
  action,
  children,
  submitLabel,
  pendingLabel = 'Saving…',
  className = '',
  variant = 'primary',
  successMessage,
}: {
  action: (prev: ActionResult<unknown> | undefined, form: FormData) => Promise<ActionResult<unknown>>;
  children: ReactNode;
  submitLabel: string;
  pendingLabel?: string;
  className?: string;
  variant?: ButtonVariant;
  successMessage?: string;
}) {
  const [state, formAction, pending] = useActionState(action, undefined);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state?.ok) form.current?.reset();
  }, [state]);
  return (
    <form
      ref={form}
      action={formAction}
      // Submitting through a transition (not the action prop) keeps what was typed when the action
      // refuses (React resets uncontrolled fields after every form action); success still clears.
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        startTransition(() => formAction(data));
      }}
      className={`space-y-2 ${className}`}
    >
      {children}
      {state && !state.ok && <FormError message={state.error} />}
      {state?.ok && successMessage && <p className="text-xs text-emerald-700">{state.message ?? successMessage}</p>}
      <Button type="submit" variant={variant} size="sm" disabled={pending}>
        {pending ? pendingLabel : submitLabel}
      </Button>
    </form>
  );
}
