// The SLA column of the ticket list and the queue: the clock that is running (acknowledge until
// acknowledged, then mitigate), counting down live, its explanation on hover.
import type { ReactNode } from 'react';
import type { Db } from '@/db/client';
import { pausesByTicket } from '@/db/queries/sla';
import type { TicketListRow } from '@/db/queries/tickets';
import { getSlaPolicy } from '@/lib/settings';
import { activeClockName, clockSpecs, explainSpec } from '@/lib/sla/ticket';
import { SlaClockBadge } from './live-clock';

export async function slaColumn(db: Db, rows: TicketListRow[], now = new Date()): Promise<(row: TicketListRow) => ReactNode> {
  const { calendar, targets } = await getSlaPolicy(db);
  const pauses = await pausesByTicket(db, rows.map((r) => r.id));
  const serverNow = now.getTime();
  return function SlaCell(row) {
    const name = activeClockName(row);
    const spec = clockSpecs(row, pauses.get(row.id) ?? [], targets)[name];
    return (
      <SlaClockBadge
        spec={spec}
        calendar={calendar}
        serverNow={serverNow}
        label={name === 'ack' ? 'Ack' : 'Mitigate'}
        explain={explainSpec(spec, calendar, serverNow).lines}
      />
    );
  };
}
