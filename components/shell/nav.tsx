'use client';
// The sidebar's links, highlighted for the current section.
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export interface NavItem {
  href: string;
  label: string;
  shortcut?: string;
}

export function SidebarNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-col gap-0.5 px-2">
      {items.map((item) => {
        const active = item.href === '/' ? pathname === '/' : pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className={`flex items-center justify-between rounded-md px-2.5 py-1.5 text-sm ${active ? 'bg-slate-800 font-medium text-white' : 'text-slate-300 hover:bg-slate-800/60 hover:text-white'}`}
          >
            <span>{item.label}</span>
            {item.shortcut && <kbd className="font-mono text-[10px] text-slate-500">{item.shortcut}</kbd>}
          </Link>
        );
      })}
    </nav>
  );
}
