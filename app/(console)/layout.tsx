import type { ReactNode } from 'react';
import { signOutAction } from '@/app/(auth)/login/actions';
import { InboxBell } from '@/components/shell/inbox-bell';
import { MobileMenu } from '@/components/shell/mobile-menu';
import { jumpsFrom } from '@/components/shell/jumps';
import { GlobalShortcuts } from '@/components/shell/shortcuts';
import { SidebarNav, type NavItem } from '@/components/shell/nav';
import { can, ROLE_LABELS } from '@/lib/auth/roles';
import { requirePageUser } from '@/lib/server/session';

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await requirePageUser();
  const canCreate = can(user.role, 'ticket:write');
  const items: NavItem[] = [
    { href: '/', label: 'My queue', shortcut: 'g q' },
    { href: '/tickets', label: 'Tickets', shortcut: 'g t' },
    ...(can(user.role, 'board:read') ? [{ href: '/board', label: 'Board', shortcut: 'g b' }] : []),
    ...(can(user.role, 'reports:read') ? [{ href: '/reports/sla', label: 'Reports', shortcut: 'g r' }] : []),
    { href: '/errors', label: 'Errors', shortcut: 'g e' },
    ...(can(user.role, 'audit:read') ? [{ href: '/audit', label: 'Audit log', shortcut: 'g a' }] : []),
    { href: '/settings', label: 'Settings', shortcut: 'g s' },
  ];
  return (
    <div className="flex min-h-screen">
      <aside className="no-print sticky top-0 hidden h-screen w-52 shrink-0 flex-col bg-slate-900 py-3 md:flex" data-testid="sidebar">
        <div className="mb-4 px-4">
          <div className="text-[11px] font-semibold uppercase tracking-wider text-brand-500">X400</div>
          <div className="text-sm font-semibold text-white">Support Console</div>
        </div>
        <SidebarNav items={items} />
        <div className="mt-auto px-4 text-[11px] leading-relaxed text-slate-500">
          {canCreate && <><kbd className="font-mono">c</kbd> new ticket · </>}<kbd className="font-mono">/</kbd> search
        </div>
      </aside>
      <div className="flex min-w-0 flex-1 flex-col">
        <header className="no-print relative flex h-11 items-center justify-end gap-3 border-b border-slate-200 bg-white px-3 md:px-5">
          <div className="mr-auto flex items-center gap-2 md:hidden">
            <MobileMenu items={items} />
            <span className="text-sm font-semibold text-slate-900">X400</span>
          </div>
          {can(user.role, 'ticket:read') && <InboxBell />}
          <span className="min-w-0 truncate text-sm text-slate-700" data-testid="signed-in-user">
            {user.name || user.email}
          </span>
          <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs font-medium text-slate-600" data-testid="signed-in-role">
            {ROLE_LABELS[user.role]}
          </span>
          <form action={signOutAction}>
            <button type="submit" className="whitespace-nowrap text-sm text-slate-500 hover:text-slate-900">
              Sign out
            </button>
          </form>
        </header>
        <main className="min-w-0 flex-1 px-3 py-4 md:px-5">{children}</main>
      </div>
      <GlobalShortcuts canCreate={canCreate} jumps={jumpsFrom(items)} />
    </div>
  );
}
