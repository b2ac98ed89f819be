import { ActionButton } from '@/components/ui/action-button';
import { formatInstant } from '@/components/ui/time';
import type { ChecklistItem } from '@/lib/tickets/workflow';
import { confirmTriageAction } from '../actions';

export function IntakeChecklist({ ticketId, items, canWrite }: { ticketId: number; items: ChecklistItem[]; canWrite: boolean }) {
  const next = items.find((i) => !i.done);
  return (
    <ol className="space-y-3" data-testid="intake-checklist">
      {items.map((item) => (
        <li key={item.key} data-step={item.key} data-done={item.done} className="flex gap-3">
          <span
            aria-hidden
            className={`mt-0.5 flex h-6 w-6 shrink-0 items-center justify-center rounded-full text-xs font-semibold ${item.done ? 'bg-emerald-600 text-white' : item === next ? 'bg-brand-600 text-white' : 'bg-slate-200 text-slate-600'}`}
          >
            {item.done ? '✓' : item.step}
          </span>
          <div className="min-w-0 flex-1">
            <p className={`text-sm font-medium ${item.done ? 'text-slate-700' : 'text-slate-900'}`}>
              {item.title}
              <span className="sr-only">{item.done ? ' (done)' : ' (to do)'}</span>
            </p>
            {item.done ? (
              <p className="text-xs text-slate-500">
                Done by {item.by ?? 'the system'} · {formatInstant(item.at)}
              </p>
            ) : (
              <p className="text-xs text-amber-700">{item === next ? 'Next: ' : 'Missing: '}{item.missing}</p>
            )}
            {item.key === 'triage' && !item.done && canWrite && (
              <div className="mt-1.5">
                <ActionButton action={confirmTriageAction} input={{ ticketId }} variant="primary" testId="confirm-triage">
                  Confirm triage
                </ActionButton>
              </div>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
