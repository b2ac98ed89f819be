'use client';
// Below the md breakpoint (a phone) the sidebar folds into this menu button in the header.
import { usePathname } from 'next/navigation';
import { useEffect, useState } from 'react';
import { SidebarNav, type NavItem } from './nav';

export function MobileMenu({ items }: { items: NavItem[] }) {
  const [open, setOpen] = useState(false);
  const pathname = usePathname();
  // A link was followed: fold the menu again.
  useEffect(() => setOpen(false), [pathname]);
  return (
    <div className="md:hidden">
      <button
        type="button"
        aria-expanded={open}
        aria-controls="mobile-nav"
        data-testid="mobile-menu"
        onClick={() => setOpen((v) => !v)}
        className="flex h-8 items-center gap-1.5 rounded-md px-2 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300"
      >
        <span aria-hidden>{open ? '✕' : '☰'}</span> Menu
      </button>
      {open && (
        <div id="mobile-nav" className="absolute inset-x-0 top-11 z-40 bg-slate-900 py-2 shadow-lg">
          <SidebarNav items={items} />
        </div>
      )}
    </div>
  );
}
