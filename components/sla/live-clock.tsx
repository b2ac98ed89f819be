'use client';
// An SLA clock that counts down every second in the browser, re-evaluating the server's clock
// spec with the same engine (business hours, holidays and pauses included). Colours follow Jira:
// more than 1 h left, under 1 h, under 30 min, breached.
import { useState, useSyncExternalStore } from 'react';
import type { BusinessCalendar } from '@/lib/sla';
import type { SlaClock } from '@/lib/sla/clock';
import { clockStatus, evaluateSpec, explainSpec, type ClockSpec } from '@/lib/sla/ticket';

let current = Date.now();
const listeners = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  current = Date.now();
  timer ??= setInterval(() => {
    current = Date.now();
    for (const l of listeners) l();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** The current time, ticking every second; the server's `now` during server render and hydration. */
export function useNow(serverNow: number): number {
  return useSyncExternalStore(subscribe, () => current, () => serverNow);
}

/** "24 m 05 s" under an hour, "3 h 07 m" above (business clocks count hours only). */
export function formatClockMinutes(minutes: number, unit: 'business' | 'elapsed'): string {
  const abs = Math.abs(minutes);
  if (abs < 60) {
    const m = Math.floor(abs);
    const s = Math.floor((abs - m) * 60);
    return `${m} m ${String(s).padStart(2, '0')} s`;
  }
  const h = Math.floor(abs / 60);
  const m = Math.floor(abs % 60);
  if (unit === 'elapsed' && h >= 48) return `${Math.floor(h / 24)} d ${h % 24} h`;
  return `${h} h ${String(m).padStart(2, '0')} m`;
}

const LEVEL_CLASS = {
  ok: 'bg-emerald-50 text-emerald-800 ring-emerald-200',
  warn: 'bg-amber-50 text-amber-800 ring-amber-300',
  danger: 'bg-red-50 text-red-700 ring-red-300',
  breached: 'bg-red-600 text-white ring-red-700',
  paused: 'bg-slate-100 text-slate-600 ring-slate-300',
  met: 'bg-white text-emerald-700 ring-emerald-200',
} as const;

export function clockText(c: SlaClock, stopped: boolean): { text: string; tone: keyof typeof LEVEL_CLASS } {
  const left = formatClockMinutes(c.remainingMinutes, c.unit);
  if (stopped) return c.breached ? { text: `Breached by ${left}`, tone: 'breached' } : { text: 'Met', tone: 'met' };
  if (c.paused) return { text: c.breached ? `Paused · ${left} over` : `Paused · ${left} left`, tone: 'paused' };
  if (c.breached) return { text: `${left} over`, tone: 'breached' };
  return { text: `${left} left`, tone: c.level };
}

export function SlaClockBadge({
  spec,
  calendar,
  serverNow,
  label,
  explain,
  size = 'sm',
}: {
  spec: ClockSpec;
  calendar: BusinessCalendar;
  serverNow: number;
  label?: string;
  /** Tooltip lines; 'lazy' works them out (explainSpec at serverNow) when the pointer or focus first reaches the badge. */
  explain?: string[] | 'lazy';
  size?: 'sm' | 'md';
}) {
  const now = useNow(serverNow);
  const [lazyLines, setLazyLines] = useState<string[] | null>(null);
  const lines = explain === 'lazy' ? lazyLines : explain;
  const reveal = explain === 'lazy' && lazyLines === null ? () => setLazyLines(explainSpec(spec, calendar, serverNow).lines) : undefined;
  const clock = evaluateSpec(spec, calendar, now);
  const { text, tone } = clockText(clock, spec.stop !== null);
  const sizing = size === 'md' ? 'px-2 py-1 text-sm' : 'px-1.5 py-0.5 text-xs';
  return (
    <span
      className={`inline-flex items-center gap-1 whitespace-nowrap rounded font-medium tabular-nums ring-1 ring-inset ${sizing} ${LEVEL_CLASS[tone]}`}
      title={lines?.join('\n')}
      onPointerEnter={reveal}
      onFocus={reveal}
      data-testid={`sla-${spec.name}`}
      data-state={clock.state}
      data-level={spec.stop !== null && !clock.breached ? 'met' : clock.level}
    >
      {label && <span className="font-normal opacity-75">{label}</span>}
      {tone === 'paused' && <span aria-hidden>⏸</span>}
      {tone === 'met' && <span aria-hidden>✓</span>}
      <span suppressHydrationWarning>{text}</span>
    </span>
  );
}

/** The clock's status line, live: running, paused (customer, or outside business hours), breached N ago. */
export function ClockStatusText({ spec, calendar, serverNow }: { spec: ClockSpec; calendar: BusinessCalendar; serverNow: number }) {
  const now = useNow(serverNow);
  const status = clockStatus(spec, calendar, now);
  return (
    <span data-testid={`clock-status-${spec.name}`} data-kind={status.kind} className={status.kind === 'breached' ? 'font-medium text-red-700' : undefined} suppressHydrationWarning>
      {status.text}
    </span>
  );
}
