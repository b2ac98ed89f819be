// What /errors says per code (lib/incidents/errors-seen.ts): tickets that saw it and their latest
// fix or release.
import { describe, expect, it } from 'vitest';
import { errorsSeen } from '@/lib/incidents/errors-seen';

const at = (iso: string) => new Date(iso);
const row = (code: string, ticketId: number, fix: { release?: [string, string]; steps?: [string, string] }) => ({
  code,
  ticketId,
  releaseVersion: fix.release?.[0] ?? null,
  releaseTaggedAt: fix.release ? at(fix.release[1]) : null,
  mitigationSteps: fix.steps?.[0] ?? null,
  mitigatedAt: fix.steps ? at(fix.steps[1]) : null,
});

describe('errorsSeen', () => {
  it('counts the tickets per code and keeps the latest fix or release among them', () => {
    const seen = errorsSeen(new Map([['X400-2101', 3], ['X400-3001', 1]]), [
      row('X400-2101', 1, { release: ['4.12.0', '2026-10-01T00:00:00Z'], steps: ['Restart the queue.', '2026-09-30T00:00:00Z'] }),
      row('X400-2101', 2, { steps: ['Free disk space on the queue host.', '2026-11-02T00:00:00Z'] }),
      row('X400-2101', 3, { release: ['4.12.1', '2026-10-20T00:00:00Z'] }),
    ]);
    expect(seen.get('X400-2101')).toEqual({ tickets: 3, latestFix: { ticketId: 2, kind: 'mitigation', at: at('2026-11-02T00:00:00Z'), releaseVersion: null, mitigationSteps: 'Free disk space on the queue host.' } });
    expect(seen.get('X400-3001')).toEqual({ tickets: 1, latestFix: null });
  });

  it('a release wins over mitigation steps of the same moment; a code no ticket counted is left out', () => {
    const seen = errorsSeen(new Map([['X400-2101', 2]]), [
      row('X400-2101', 1, { steps: ['Restart.', '2026-10-01T00:00:00Z'] }),
      row('X400-2101', 2, { release: ['4.12.1', '2026-10-01T00:00:00Z'] }),
      row('X400-7777', 2, { release: ['4.12.1', '2026-10-01T00:00:00Z'] }),
    ]);
    expect(seen.get('X400-2101')!.latestFix).toMatchObject({ ticketId: 2, kind: 'release', releaseVersion: '4.12.1' });
    expect(seen.has('X400-7777')).toBe(false);
  });
});
