import type { ReactNode } from 'react';
import type { Severity, TicketStatus } from '@/db/schema';
import { STATUS_LABELS } from '@/lib/tickets/workflow';

const TONES = {
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
  red: 'bg-red-50 text-red-700 ring-red-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  blue: 'bg-blue-50 text-blue-700 ring-blue-200',
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  violet: 'bg-violet-50 text-violet-700 ring-violet-200',
} as const;
export type Tone = keyof typeof TONES;

export function Badge({ tone = 'slate', children, title }: { tone?: Tone; children: ReactNode; title?: string }) {
  return (
    <span title={title} className={`inline-flex items-center gap-1 whitespace-nowrap rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${TONES[tone]}`}>
      {children}
    </span>
  );
}

const SEVERITY_TONE: Record<Severity, Tone> = { 1: 'red', 2: 'amber', 3: 'blue' };

export function SeverityBadge({ severity }: { severity: Severity }) {
  return <Badge tone={SEVERITY_TONE[severity]}>Sev-{severity}</Badge>;
}

const STATUS_TONE: Record<TicketStatus, Tone> = {
  new: 'violet',
  acknowledged: 'blue',
  investigating: 'amber',
  waiting_on_customer: 'slate',
  mitigated: 'green',
  resolved: 'green',
  closed: 'slate',
};

export function StatusBadge({ status }: { status: TicketStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{STATUS_LABELS[status]}</Badge>;
}
