'use client';
// The header's bell: the signed-in user's inbox (breach warnings on their tickets), polled every
// 15 s through TanStack Query from GET /api/inbox; opening an item marks it read and opens the ticket.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';

interface InboxJson {
  unread: number;
  items: { id: number; ticketId: number | null; kind: string; text: string; createdAt: number; read: boolean }[];
}

async function fetchInbox(): Promise<InboxJson> {
  const res = await fetch('/api/inbox', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`The inbox could not be loaded (HTTP ${res.status}).`);
  return res.json();
}

async function markRead(body: { ids: number[] } | { all: true }): Promise<void> {
  const res = await fetch('/api/inbox', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`Could not mark read (HTTP ${res.status}).`);
}

export function InboxBell() {
  const [open, setOpen] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: ['inbox'], queryFn: fetchInbox, refetchInterval: 15_000, staleTime: 5_000 });
  const read = useMutation({ mutationFn: markRead, onSettled: () => client.invalidateQueries({ queryKey: ['inbox'] }) });
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const unread = inbox.data?.unread ?? 0;
  return (
    <div className="relative" ref={box}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        className="relative rounded p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900"
        aria-label={unread ? `Inbox: ${unread} unread` : 'Inbox'}
        aria-expanded={open}
        data-testid="inbox-bell"
      >
        <svg viewBox="0 0 20 20" fill="currentColor" className="h-5 w-5" aria-hidden>
          <path d="M10 2a6 6 0 0 0-6 6v2.6l-1.3 2.6A1 1 0 0 0 3.6 15h12.8a1 1 0 0 0 .9-1.8L16 10.6V8a6 6 0 0 0-6-6Zm0 16a2.5 2.5 0 0 1-2.4-2h4.8a2.5 2.5 0 0 1-2.4 2Z" />
        </svg>
        {unread > 0 && (
          <span className="absolute -right-1 -top-1 min-w-4 rounded-full bg-red-600 px-1 text-center text-[10px] font-semibold leading-4 text-white" data-testid="inbox-unread">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      {open && (
        <div className="absolute right-0 z-30 mt-1 w-80 rounded-lg border border-slate-200 bg-white shadow-lg" role="dialog" aria-label="Inbox" data-testid="inbox-panel">
          <div className="flex items-center justify-between border-b border-slate-100 px-3 py-2">
            <span className="text-sm font-semibold text-slate-800">Inbox</span>
            {unread > 0 && (
              <button type="button" className="text-xs text-brand-600 hover:underline" onClick={() => read.mutate({ all: true })} data-testid="inbox-mark-all">
                Mark all read
              </button>
            )}
          </div>
          {inbox.isError && <p className="px-3 py-2 text-xs text-red-600">{(inbox.error as Error).message}</p>}
          {inbox.data && inbox.data.items.length === 0 && <p className="px-3 py-4 text-center text-xs text-slate-500">Nothing here. Breach warnings on your tickets arrive here.</p>}
          <ul className="max-h-96 divide-y divide-slate-100 overflow-y-auto">
            {inbox.data?.items.map((item) => (
              <li key={item.id} data-testid="inbox-item" data-read={item.read} className={item.read ? 'bg-white' : 'bg-amber-50'}>
                <Link
                  href={item.ticketId ? `/tickets/${item.ticketId}` : '#'}
                  className="block px-3 py-2 text-xs text-slate-700 hover:bg-slate-50"
                  onClick={() => {
                    if (!item.read) read.mutate({ ids: [item.id] });
                    setOpen(false);
                  }}
                >
                  <span className={item.read ? '' : 'font-medium text-slate-900'}>{item.text}</span>
                  <span className="mt-0.5 block text-[11px] text-slate-500" suppressHydrationWarning>
                    {new Date(item.createdAt).toISOString().slice(0, 16).replace('T', ' ')} UTC
                  </span>
                </Link>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
