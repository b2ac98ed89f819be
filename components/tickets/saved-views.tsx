'use client';
// Saved views above the ticket list: each a link to the list's URL with its filters (so a
// bookmark works too), the user's own deletable; "Save view" names the filters shown now.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { deleteViewAction, saveViewAction } from '@/app/(console)/tickets/list-actions';
import { Button } from '@/components/ui/button';
import { FormError, Input } from '@/components/ui/field';

export interface SavedViewLink {
  id: number;
  name: string;
  query: string;
}

const tab = (active: boolean) =>
  `inline-flex h-7 items-center rounded-md px-2.5 text-sm ${active ? 'bg-brand-600 text-white' : 'text-slate-700 ring-1 ring-inset ring-slate-200 hover:bg-slate-50'}`;

export function SavedViews({ views, current }: { views: SavedViewLink[]; current: string }) {
  const router = useRouter();
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const save = () =>
    start(async () => {
      const result = await saveViewAction({ name, query: current });
      if (!result.ok) return setError(result.error);
      setError(null);
      setName('');
      setNaming(false);
      router.refresh();
    });
  const remove = (view: SavedViewLink) =>
    start(async () => {
      const result = await deleteViewAction({ viewId: view.id });
      setError(result.ok ? null : result.error);
      router.refresh();
    });
  const unsaved = current !== '' && !views.some((v) => v.query === current);
  return (
    <div className="mb-3" data-testid="saved-views">
      <nav className="flex flex-wrap items-center gap-1.5" aria-label="Saved views">
        <Link href="/tickets" className={tab(current === '')} aria-current={current === '' ? 'page' : undefined}>
          All open
        </Link>
        {views.map((v) => (
          <span key={v.id} className="inline-flex items-center">
            <Link href={`/tickets?${v.query}`} className={tab(current === v.query)} aria-current={current === v.query ? 'page' : undefined}>
              {v.name}
            </Link>
            <button type="button" onClick={() => remove(v)} disabled={pending} aria-label={`Delete view ${v.name}`} title="Delete this view" className="ml-0.5 rounded px-1 text-slate-400 hover:text-red-600">
              ×
            </button>
          </span>
        ))}
        {unsaved && !naming && (
          <Button variant="ghost" size="sm" onClick={() => setNaming(true)}>
            Save view…
          </Button>
        )}
      </nav>
      {naming && (
        <form
          className="mt-2 flex flex-wrap items-center gap-2"
          onSubmit={(e) => {
            e.preventDefault();
            save();
          }}
        >
          <label htmlFor="saved-view-name" className="text-sm text-slate-700">
            View name
          </label>
          <Input id="saved-view-name" value={name} onChange={(e) => setName(e.target.value)} maxLength={60} placeholder="e.g. My Sev-1s breaching today" className="w-64" autoFocus />
          <Button type="submit" size="sm" disabled={pending || !name.trim()}>
            {pending ? 'Saving…' : 'Save view'}
          </Button>
          <Button variant="ghost" size="sm" onClick={() => setNaming(false)}>
            Cancel
          </Button>
        </form>
      )}
      <FormError message={error} />
    </div>
  );
}
