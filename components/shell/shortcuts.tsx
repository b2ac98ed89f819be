'use client';
// Global keyboard shortcuts: "g" then a letter jumps to a section, "c" opens a new ticket.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

const JUMPS: Record<string, string> = { q: '/', t: '/tickets', b: '/board', r: '/reports/sla', e: '/errors', s: '/settings', a: '/audit' };

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function GlobalShortcuts({ canCreate }: { canCreate: boolean }) {
  const router = useRouter();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      if (event.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (pendingG && Date.now() - pendingG < 1200 && JUMPS[event.key]) {
        pendingG = 0;
        router.push(JUMPS[event.key]);
        return;
      }
      if (event.key === 'c' && canCreate) router.push('/tickets/new');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, canCreate]);
  return null;
}
