import type { ComponentProps, ReactNode } from 'react';

export const inputClass =
  'block rounded-md border-0 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-brand-500 disabled:bg-slate-50';

export function Field({ label, hint, htmlFor, errors, children }: { label: string; hint?: ReactNode; htmlFor?: string; errors?: string[]; children: ReactNode }) {
  return (
    <div className="space-y-1">
      <label htmlFor={htmlFor} className="block text-xs font-medium text-slate-700">
        {label}
      </label>
      {children}
      <FieldErrors name={htmlFor} errors={errors} />
      {hint && <div className="text-xs text-slate-500">{hint}</div>}
    </div>
  );
}

/** A field's own problems (an action's `fieldErrors[name]`), shown beside it. */
export function FieldErrors({ name, errors }: { name?: string; errors?: string[] }) {
  if (!errors?.length) return null;
  return (
    <p id={name ? `${name}-error` : undefined} data-testid={name ? `field-error-${name}` : undefined} className="text-xs text-red-700">
      {errors.join(' ')}
    </p>
  );
}

/** Full width unless the caller gives a width of its own. */
function sized(className = ''): string {
  return `${inputClass} ${/(^|\s)w-/.test(className) ? '' : 'w-full'} ${className}`;
}

export function Input(props: ComponentProps<'input'>) {
  return <input {...props} className={sized(props.className)} />;
}

export function Textarea(props: ComponentProps<'textarea'>) {
  return <textarea {...props} className={sized(props.className)} />;
}

export function Select(props: ComponentProps<'select'>) {
  return <select {...props} className={`pr-8 ${sized(props.className)}`} />;
}

export function FormError({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md bg-red-50 px-3 py-2 text-sm text-red-700 ring-1 ring-inset ring-red-200">
      {message}
    </p>
  );
}
