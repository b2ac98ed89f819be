// What /errors says beside each code: how many tickets saw it, and the latest fix or release among
// those tickets (a tagged release wins over mitigation steps recorded at the same time or earlier).
// Pure: the rows come from db/queries/incidents.ts.
import type { ErrorFixRow } from '@/db/queries/incidents';

export interface LatestFix {
  ticketId: number;
  /** 'release': a release was tagged on the ticket; 'mitigation': only mitigation steps. */
  kind: 'release' | 'mitigation';
  at: Date | null;
  releaseVersion: string | null;
  mitigationSteps: string | null;
}

export interface ErrorSeen {
  tickets: number;
  latestFix: LatestFix | null;
}

function fixOf(r: ErrorFixRow): LatestFix | null {
  if (r.releaseVersion) return { ticketId: r.ticketId, kind: 'release', at: r.releaseTaggedAt, releaseVersion: r.releaseVersion, mitigationSteps: r.mitigationSteps };
  if (r.mitigationSteps) return { ticketId: r.ticketId, kind: 'mitigation', at: r.mitigatedAt, releaseVersion: null, mitigationSteps: r.mitigationSteps };
  return null;
}

/** Later first; at the same instant (or both unknown) a release before mitigation steps, then the newer ticket. */
function newer(a: LatestFix, b: LatestFix): boolean {
  const ta = a.at?.getTime() ?? -Infinity;
  const tb = b.at?.getTime() ?? -Infinity;
  if (ta !== tb) return ta > tb;
  if (a.kind !== b.kind) return a.kind === 'release';
  return a.ticketId > b.ticketId;
}

/** Per error code: tickets that saw it, and their latest fix or release. */
export function errorsSeen(ticketsPerCode: ReadonlyMap<string, number>, fixes: readonly ErrorFixRow[]): Map<string, ErrorSeen> {
  const out = new Map<string, ErrorSeen>();
  for (const [code, tickets] of ticketsPerCode) out.set(code, { tickets, latestFix: null });
  for (const r of fixes) {
    const fix = fixOf(r);
    const entry = out.get(r.code);
    if (!fix || !entry) continue;
    if (!entry.latestFix || newer(fix, entry.latestFix)) entry.latestFix = fix;
  }
  return out;
}
