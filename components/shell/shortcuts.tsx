'use client';
// Global keyboard shortcuts: "g" then a letter jumps to a section, "c" opens a new ticket. Only
// the sections the role may open are offered (the layout passes them), so no key leads to a 403.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

function typing(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  return !!el && (el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName));
}

export function GlobalShortcuts({ canCreate, jumps }: { canCreate: boolean; jumps: Record<string, string> }) {
  const router = useRouter();
  useEffect(() => {
    let pendingG = 0;
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.metaKey || event.ctrlKey || event.altKey || typing(event.target)) return;
      if (event.key === 'g') {
        pendingG = Date.now();
        return;
      }
      if (pendingG && Date.now() - pendingG < 1200 && jumps[event.key]) {
        pendingG = 0;
        router.push(jumps[event.key]!);
        return;
      }
      if (event.key === 'c' && canCreate) router.push('/tickets/new');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router, canCreate, jumps]);
  return null;
}
