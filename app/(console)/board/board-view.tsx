'use client';
// The live board: refetched every 15 s with TanStack Query, every countdown ticking each second.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, useTransition } from 'react';
import { SlaClockBadge, formatClockMinutes, useNow } from '@/components/sla/live-clock';
import { StatusBadge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/field';
import type { BoardActionJson, BoardCardJson, BoardJson } from '@/lib/escalation/board';
import type { EscalationKind } from '@/lib/escalation/matrix';
import { recordEscalationActionAction, retryWebhookAction } from './actions';
import { CardAlerts } from './card-alerts';

const SEV_STYLE = {
  1: { head: 'border-red-500', label: 'Sev-1 · outage', dot: 'bg-red-500' },
  2: { head: 'border-amber-500', label: 'Sev-2 · degraded', dot: 'bg-amber-500' },
  3: { head: 'border-blue-500', label: 'Sev-3 · non-blocking', dot: 'bg-blue-500' },
} as const;

async function fetchBoard(): Promise<BoardJson> {
  const res = await fetch('/api/board', { headers: { accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw new Error(`The board could not be refreshed (HTTP ${res.status}).`);
  return res.json();
}

function ago(ms: number): string {
  return formatClockMinutes(ms / 60_000, 'elapsed');
}

/** Which webhook destinations are configured, and whether this user may configure them. */
export interface WebhookSetup {
  page: boolean;
  status: boolean;
  canConfigure: boolean;
}

export function BoardView({ initial, canAct, people, webhooks }: { initial: BoardJson; canAct: boolean; people: { id: string; label: string }[]; webhooks: WebhookSetup }) {
  const query = useQuery({ queryKey: ['board'], queryFn: fetchBoard, initialData: initial, initialDataUpdatedAt: initial.generatedAt, refetchInterval: 15_000, refetchIntervalInBackground: false });
  const board = query.data;
  const now = useNow(initial.generatedAt);
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-5 gap-y-1 rounded-lg border border-slate-200 bg-white px-4 py-2 text-sm shadow-sm" data-testid="board-summary">
        <span>
          <strong className="tabular-nums">{board.totals.tickets - board.totals.linked}</strong> open incident{board.totals.tickets - board.totals.linked === 1 ? '' : 's'}
          {board.totals.linked > 0 && <span className="text-slate-500"> · {board.totals.linked} linked ticket{board.totals.linked === 1 ? '' : 's'} under them</span>}
        </span>
        <span className={board.totals.overdueActions ? 'text-red-700' : 'text-slate-600'}>
          <strong className="tabular-nums">{board.totals.overdueActions}</strong> overdue action{board.totals.overdueActions === 1 ? '' : 's'}
        </span>
        <span className={board.totals.breachedClocks ? 'text-red-700' : 'text-slate-600'}>
          <strong className="tabular-nums">{board.totals.breachedClocks}</strong> breached SLA clock{board.totals.breachedClocks === 1 ? '' : 's'}
        </span>
        <span className="ml-auto text-xs text-slate-500" suppressHydrationWarning>
          {query.isFetching ? 'Refreshing…' : `Updated ${ago(Math.max(0, now - query.dataUpdatedAt))} ago · refreshes every 15 s`}
          {query.isError && <span className="ml-2 text-red-600">{(query.error as Error).message}</span>}
        </span>
      </div>
      <div className="grid gap-3 xl:grid-cols-3">
        {board.columns.map((col) => (
          <section key={col.severity} className="min-w-0" data-testid={`board-column-${col.severity}`}>
            <header className={`mb-2 flex items-center justify-between border-b-2 pb-1 ${SEV_STYLE[col.severity].head}`}>
              <h2 className="flex items-center gap-2 text-sm font-semibold text-slate-800">
                <span className={`h-2 w-2 rounded-full ${SEV_STYLE[col.severity].dot}`} aria-hidden />
                {SEV_STYLE[col.severity].label}
              </h2>
              <span className="text-xs tabular-nums text-slate-500">{col.cards.length}</span>
            </header>
            <div className="space-y-2">
              {col.cards.length === 0 && <p className="rounded-md border border-dashed border-slate-300 px-3 py-6 text-center text-xs text-slate-500">No open Sev-{col.severity} incidents.</p>}
              {col.cards.map((card) => (
                <BoardCard key={card.ticketId} card={card} board={board} now={now} canAct={canAct} people={people} webhooks={webhooks} />
              ))}
            </div>
          </section>
        ))}
      </div>
    </div>
  );
}

function BoardCard({ card, board, now, canAct, people, webhooks, nested = false }: { card: BoardCardJson; board: BoardJson; now: number; canAct: boolean; people: { id: string; label: string }[]; webhooks: WebhookSetup; nested?: boolean }) {
  const [note, setNote] = useState('');
  const [commander, setCommander] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const client = useQueryClient();
  const record = (kind: string) =>
    start(async () => {
      const result = await recordEscalationActionAction({ ticketId: card.ticketId, kind: kind as EscalationKind, note: note || undefined, commanderId: kind === 'assign_commander' ? commander : undefined });
      if (result.ok) {
        setNote('');
        setError(null);
      } else setError(result.error);
      await client.invalidateQueries({ queryKey: ['board'] });
    });
  const retry = (actionId: number) =>
    start(async () => {
      const result = await retryWebhookAction({ actionId });
      setError(result.ok ? null : result.error);
      await client.invalidateQueries({ queryKey: ['board'] });
    });
  const overdue = card.actions.some((a) => a.state === 'overdue');
  return (
    <article
      className={nested ? `rounded-md border bg-slate-50 p-2 ${overdue ? 'border-red-300' : 'border-slate-200'}` : `rounded-lg border bg-white p-3 shadow-sm ${overdue ? 'border-red-300 ring-1 ring-red-200' : 'border-slate-200'}`}
      data-testid={nested ? 'board-child' : 'board-card'}
      data-ticket-id={card.ticketId}
      data-parent-id={card.parentId ?? undefined}
    >
      <div className="flex items-center gap-2 text-xs text-slate-500">
        <Link href={`/tickets/${card.ticketId}`} className="font-mono font-medium text-slate-700 hover:text-brand-600">#{card.ticketId}</Link>
        {nested && <span className="whitespace-nowrap font-medium">Sev-{card.severity}</span>}
        <StatusBadge status={card.status} />
        <span className="truncate">{card.customerName}</span>
        <span className="ml-auto whitespace-nowrap tabular-nums" title={new Date(card.createdAt).toISOString()} suppressHydrationWarning>
          {ago(now - card.createdAt)} old
        </span>
      </div>
      <Link href={`/tickets/${card.ticketId}`} className="mt-1 line-clamp-2 text-sm font-medium text-slate-900 hover:text-brand-600">{card.summary}</Link>
      <div className="mt-2 flex flex-wrap gap-1.5">
        <SlaClockBadge spec={card.clocks.ack.spec} calendar={board.calendar} serverNow={board.generatedAt} label="Ack" explain="lazy" />
        <SlaClockBadge spec={card.clocks.mitigate.spec} calendar={board.calendar} serverNow={board.generatedAt} label="Mitigate" explain="lazy" />
      </div>
      <p className="mt-1.5 text-xs text-slate-500">
        {card.assignee ? <>Assignee {card.assignee}</> : 'Unassigned'}
        {card.commander && <> · IC {card.commander}</>}
      </p>
      {!nested && card.parentId !== null && (
        <p className="mt-1 text-xs text-slate-500" data-testid="board-parent-note">Linked under #{card.parentId}, which is no longer on the board.</p>
      )}
      <CardAlerts card={card} />
      <ul className={`mt-2 divide-y divide-slate-100 ${card.actions.length ? 'border-t border-slate-100' : ''}`}>
        {card.actions.map((a) => (
          <ActionRow key={a.kind} action={a} now={now} canAct={canAct} pending={pending} onRecord={() => record(a.kind)} onRetry={retry} people={people} commander={commander} setCommander={setCommander} webhooks={webhooks} />
        ))}
      </ul>
      {canAct && card.actions.length > 0 && (
        <Input value={note} onChange={(e) => setNote(e.target.value)} placeholder="Note for the next action (optional)" aria-label={`Note for ticket ${card.ticketId}`} className="mt-2 !py-1 text-xs" maxLength={2000} />
      )}
      {error && <p role="alert" className="mt-1 text-xs text-red-600">{error}</p>}
      {card.children.length > 0 && (
        <section className="mt-2 border-t border-slate-100 pt-2" data-testid="board-children" aria-label={`Tickets linked under #${card.ticketId}`}>
          <h3 className="mb-1 text-xs font-semibold text-slate-600">
            Linked tickets ({card.children.length}) <span className="font-normal text-slate-500">· this incident carries their escalation; each keeps its own clocks and updates</span>
          </h3>
          <div className="space-y-1.5">
            {card.children.map((child) => (
              <BoardCard key={child.ticketId} card={child} board={board} now={now} canAct={canAct} people={people} webhooks={webhooks} nested />
            ))}
          </div>
        </section>
      )}
    </article>
  );
}

const STATE_STYLE = {
  done: { icon: '✓', cls: 'bg-emerald-100 text-emerald-700' },
  due: { icon: '•', cls: 'bg-slate-100 text-slate-500' },
  overdue: { icon: '!', cls: 'bg-red-600 text-white' },
} as const;

/**
 * The webhook's outcome under an action. Skipped for want of a destination: say which one to
 * configure and where (no retry until it exists); failed: the last answer, and a retry.
 */
function WebhookLine({ action: a, configured, canConfigure, canRetry, pending, onRetry }: { action: BoardActionJson; configured: boolean; canConfigure: boolean; canRetry: boolean; pending: boolean; onRetry: (id: number) => void }) {
  const what = a.webhook === 'page' ? 'paging' : 'status-page';
  if (a.webhookStatus === 'skipped' && !configured) {
    return (
      <p className="break-words text-xs text-slate-500" data-testid="webhook-status" data-status="skipped">
        Not sent: no {what} URL is configured.{' '}
        {canConfigure ? (
          <Link href="/settings#webhook" className="text-brand-600 underline">Set it in Settings → Escalation webhooks</Link>
        ) : (
          <>An admin sets it in Settings → Escalation webhooks.</>
        )}
      </p>
    );
  }
  const status = a.webhookStatus!;
  return (
    <p className={`break-words text-xs ${WEBHOOK_TONE[status] ?? 'text-slate-500'}`} data-testid="webhook-status" data-status={status}>
      {a.webhook === 'page' ? 'Paging' : 'Status page'} {status}
      {a.webhookAttempts > 0 && ` · ${a.webhookAttempts} attempt${a.webhookAttempts > 1 ? 's' : ''}`}
      {a.webhookResult && status !== 'skipped' && <span className="text-slate-500"> · {a.webhookResult}</span>}
      {status === 'skipped' && <span className="text-slate-500"> · not sent when recorded; the {what} URL is set now</span>}
      {canRetry && (status === 'failed' || status === 'skipped') && a.latestId && (
        <button type="button" className="ml-1 underline" onClick={() => onRetry(a.latestId!)} disabled={pending}>
          {status === 'skipped' ? 'send now' : 'retry'}
        </button>
      )}
    </p>
  );
}

const WEBHOOK_TONE: Record<string, string> = {
  pending: 'text-slate-500',
  retrying: 'text-amber-700',
  delivered: 'text-emerald-700',
  failed: 'text-red-700',
  skipped: 'text-slate-400',
};

function ActionRow({
  action: a,
  now,
  canAct,
  pending,
  onRecord,
  onRetry,
  people,
  commander,
  setCommander,
  webhooks,
}: {
  action: BoardActionJson;
  now: number;
  canAct: boolean;
  pending: boolean;
  onRecord: () => void;
  onRetry: (id: number) => void;
  people: { id: string; label: string }[];
  commander: string;
  setCommander: (v: string) => void;
  webhooks: WebhookSetup;
}) {
  const state = a.type === 'once' || a.dueAt === null ? a.state : now > a.dueAt ? 'overdue' : 'due';
  let detail: string;
  if (a.type === 'cadence') {
    detail = a.dueAt === null ? 'mitigated: no further updates required' : `${a.lastAt ? `last ${ago(now - a.lastAt)} ago · ` : 'none yet · '}${state === 'overdue' ? `overdue by ${ago(now - a.dueAt)}` : `next due in ${ago(a.dueAt - now)}`}`;
  } else if (state === 'done') {
    detail = a.lastAt ? `${a.lastBy ?? 'someone'} · ${ago(now - a.lastAt)} ago` : 'done';
  } else {
    detail = a.dueAt === null ? '' : state === 'overdue' ? `overdue by ${ago(now - a.dueAt)}` : `due in ${ago(a.dueAt - now)}`;
  }
  const canRecord = canAct && (a.type === 'cadence' ? a.dueAt !== null : state !== 'done' || a.kind === 'status_page' || a.kind === 'notify_stakeholders');
  return (
    <li className="flex flex-wrap items-start gap-x-2 gap-y-1 py-1.5" data-testid="board-action" data-kind={a.kind} data-state={state}>
      <span className={`mt-0.5 flex h-4 w-4 shrink-0 items-center justify-center rounded-full text-[10px] font-bold ${STATE_STYLE[state].cls}`} aria-label={state}>
        {STATE_STYLE[state].icon}
      </span>
      <div className="min-w-[9rem] flex-1">
        <p className="text-xs font-medium text-slate-800">
          {a.label}
          {a.type === 'cadence' && a.count > 0 && <span className="ml-1 font-normal text-slate-400">({a.count})</span>}
        </p>
        <p className={`text-xs tabular-nums ${state === 'overdue' ? 'font-medium text-red-700' : 'text-slate-500'}`} suppressHydrationWarning>
          {detail}
        </p>
        {a.lastNote && <p className="truncate text-xs italic text-slate-500" title={a.lastNote}>“{a.lastNote}”</p>}
        {a.webhook && a.webhookStatus && (
          <WebhookLine action={a} configured={webhooks[a.webhook]} canConfigure={webhooks.canConfigure} canRetry={canAct} pending={pending} onRetry={onRetry} />
        )}
      </div>
      {canRecord &&
        (a.kind === 'assign_commander' ? (
          <span className="flex items-center gap-1">
            <Select value={commander} onChange={(e) => setCommander(e.target.value)} aria-label="Incident commander" className="!w-40 min-w-0 !py-0.5 text-xs">
              <option value="">Choose…</option>
              {people.map((p) => (
                <option key={p.id} value={p.id}>{p.label}</option>
              ))}
            </Select>
            <Button size="sm" variant="secondary" disabled={pending || !commander} onClick={onRecord} data-testid={`record-${a.kind}`}>
              Assign
            </Button>
          </span>
        ) : (
          <Button size="sm" variant={state === 'overdue' ? 'primary' : 'secondary'} disabled={pending} onClick={onRecord} data-testid={`record-${a.kind}`}>
            {a.type === 'cadence' ? 'Post update' : state === 'done' ? 'Again' : 'Done'}
          </Button>
        ))}
    </li>
  );
}
