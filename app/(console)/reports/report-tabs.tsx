import Link from 'next/link';

const TABS = [
  { href: '/reports/sla', label: 'SLA compliance' },
  { href: '/reports/weekly', label: 'Weekly operations report' },
] as const;

export function ReportTabs({ current }: { current: (typeof TABS)[number]['href'] }) {
  return (
    <nav className="no-print mb-3 flex gap-1 border-b border-slate-200 text-sm" aria-label="Reports">
      {TABS.map((t) => (
        <Link
          key={t.href}
          href={t.href}
          aria-current={t.href === current ? 'page' : undefined}
          className={`-mb-px border-b-2 px-3 py-1.5 ${t.href === current ? 'border-brand-600 font-medium text-slate-900' : 'border-transparent text-slate-500 hover:text-slate-800'}`}
        >
          {t.label}
        </Link>
      ))}
    </nav>
  );
}
