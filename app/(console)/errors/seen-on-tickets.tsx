// /errors: how many tickets saw each gateway error code in their bundles, and the latest fix or
// release among those tickets (their mitigation steps, or the release tagged on them).
import Link from 'next/link';
import { Card } from '@/components/ui/card';
import { Instant } from '@/components/ui/time';
import type { ErrorSeen, LatestFix } from '@/lib/incidents/errors-seen';
import { redactText } from '@/lib/pii/mask';

/** Mitigation steps as one short line, personal data masked. */
function stepsLine(steps: string): string {
  const line = redactText(steps, null).replace(/\s+/g, ' ').trim();
  return line.length > 140 ? `${line.slice(0, 140)}…` : line;
}

export function LatestFixText({ fix }: { fix: LatestFix | null }) {
  if (!fix) return <span className="text-slate-500">no fix or release recorded yet</span>;
  const ticket = (
    <Link href={`/tickets/${fix.ticketId}`} className="font-mono text-brand-700 hover:underline">#{fix.ticketId}</Link>
  );
  if (fix.kind === 'release') {
    return (
      <span data-testid="latest-release">
        latest release <strong className="font-mono">{fix.releaseVersion}</strong> ({ticket}{fix.at && <>, tagged <Instant date={fix.at} /></>})
      </span>
    );
  }
  return (
    <span data-testid="latest-fix">
      latest fix ({ticket}{fix.at && <>, mitigated <Instant date={fix.at} /></>}): {stepsLine(fix.mitigationSteps ?? '')}
    </span>
  );
}

/** One line under a catalogue entry. */
export function SeenLine({ code, seen }: { code: string; seen: ErrorSeen | undefined }) {
  if (!seen) return <p className="mt-1 text-xs text-slate-500" data-testid="error-seen" data-code={code} data-tickets={0}>Not seen on any ticket.</p>;
  return (
    <p className="mt-1 text-xs text-slate-700" data-testid="error-seen" data-code={code} data-tickets={seen.tickets}>
      Seen on <strong className="tabular-nums">{seen.tickets}</strong> ticket{seen.tickets === 1 ? '' : 's'} · <LatestFixText fix={seen.latestFix} />
    </p>
  );
}

/** Every code tickets saw, most tickets first (codes the catalogue lacks included). */
export function SeenOnTickets({ seen, anchors }: { seen: Map<string, ErrorSeen>; anchors: Map<string, string> }) {
  const rows = [...seen.entries()].sort((a, b) => b[1].tickets - a[1].tickets || a[0].localeCompare(b[0]));
  return (
    <Card title="Seen on tickets" id="seen-on-tickets">
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">No parsed bundle on a ticket has shown a gateway error code yet.</p>
      ) : (
        <table className="w-full text-sm" data-testid="errors-seen">
          <thead>
            <tr className="text-left text-xs text-slate-500">
              <th className="w-32 pb-1 font-medium">code</th>
              <th className="w-20 pb-1 font-medium">tickets</th>
              <th className="pb-1 font-medium">latest fix or release</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([code, s]) => (
              <tr key={code} className="border-t border-slate-100 align-top" data-testid="error-seen-row" data-code={code}>
                <td className="py-1.5 font-mono">{anchors.has(code) ? <a href={`#${anchors.get(code)}`} className="text-brand-700 hover:underline">{code}</a> : code}</td>
                <td className="py-1.5 tabular-nums" data-testid="error-seen-tickets">{s.tickets}</td>
                <td className="py-1.5 text-xs text-slate-700"><LatestFixText fix={s.latestFix} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
