// Times as people read them: absolute in UTC with the relative age beside it.
export function formatInstant(date: Date | null | undefined): string {
  if (!date) return '—';
  return date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function formatAge(from: Date, now: Date = new Date()): string {
  const minutes = Math.round((now.getTime() - from.getTime()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

export function Instant({ date }: { date: Date | null | undefined }) {
  if (!date) return <span className="text-slate-400">—</span>;
  return (
    <time dateTime={date.toISOString()} title={formatAge(date)} className="tabular-nums">
      {formatInstant(date)}
    </time>
  );
}
