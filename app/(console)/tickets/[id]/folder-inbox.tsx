'use client';
// Bundles that arrived through the watched upload folder, waiting to be linked to a ticket.
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/field';
import { linkBundleAction } from '../bundle-actions';

export interface InboxBundle {
  id: string;
  fileName: string;
  receivedAt: string;
  consent: boolean;
}

export interface RefusedFile {
  id: string;
  fileName: string;
  code: string | null;
  problem: string | null;
}

export function FolderInbox({ ticketId, bundles, refused }: { ticketId: number; bundles: InboxBundle[]; refused: RefusedFile[] }) {
  const [choice, setChoice] = useState(bundles[0]?.id ?? '');
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  if (bundles.length === 0 && refused.length === 0) return null;
  return (
    <div className="rounded-md bg-slate-50 p-3 text-sm" data-testid="folder-inbox">
      <p className="font-medium text-slate-700">Upload folder inbox</p>
      {bundles.length > 0 && (
        <div className="mt-1.5 flex flex-wrap items-center gap-2">
          <Select aria-label="Unassigned bundle" value={choice} onChange={(e) => setChoice(e.target.value)} className="max-w-md">
            {bundles.map((b) => (
              <option key={b.id} value={b.id}>
                {b.fileName} · {b.receivedAt.slice(0, 16).replace('T', ' ')} UTC{b.consent ? '' : ' · no consent'}
              </option>
            ))}
          </Select>
          <Button
            size="sm"
            variant="secondary"
            disabled={pending || !choice}
            onClick={() =>
              start(async () => {
                const result = await linkBundleAction({ ticketId, bundleId: choice });
                setError(result.ok ? null : result.error);
              })
            }
          >
            Link to this ticket
          </Button>
        </div>
      )}
      {error && <p role="alert" className="mt-1 text-xs text-red-600">{error}</p>}
      {refused.length > 0 && (
        <ul className="mt-2 space-y-0.5 text-xs text-slate-600">
          {refused.map((r) => (
            <li key={r.id}>
              Refused from the folder: <span className="font-medium">{r.fileName}</span> <code className="font-mono text-red-700">{r.code}</code> {r.problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
