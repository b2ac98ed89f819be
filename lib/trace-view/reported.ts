// The customer's reported times for a bundle: from its metadata and from its ticket, merged and
// labelled by where they came from (the same instant in both is one marker).

export interface ReportedTime {
  label: string;
  /** Epoch ms. */
  ms: number;
}

export function reportedTimes(fromBundle: unknown, fromTicket: unknown): ReportedTime[] {
  const byMs = new Map<number, Set<string>>();
  const add = (list: unknown, source: string) => {
    if (!Array.isArray(list)) return;
    for (const v of list) {
      const ms = typeof v === 'string' ? Date.parse(v) : NaN;
      if (!Number.isFinite(ms)) continue;
      if (!byMs.has(ms)) byMs.set(ms, new Set());
      byMs.get(ms)!.add(source);
    }
  };
  add(fromBundle, 'bundle');
  add(fromTicket, 'ticket');
  return [...byMs.entries()].sort((a, b) => a[0] - b[0]).map(([ms, sources]) => ({ ms, label: `reported (${[...sources].join(', ')})` }));
}
