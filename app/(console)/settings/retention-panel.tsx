'use client';
// Retention: the admin's default window, and a purge with a dry-run preview (leads and admins).
import { useActionState, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { Field, FormError, Input } from '@/components/ui/field';
import type { ActionResult } from '@/lib/server/action';
import type { PurgeResult } from '@/lib/purge/service';
import { previewPurgeAction, purgeNowAction, setRetentionAction } from './retention-actions';

const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

export function RetentionPanel({ policy, canEdit }: { policy: { defaultDays: number; quarantineDays: number }; canEdit: boolean }) {
  const [saved, saveAction, saving] = useActionState<ActionResult<void> | undefined, FormData>(setRetentionAction, undefined);
  const [preview, setPreview] = useState<PurgeResult | null>(null);
  const [done, setDone] = useState<PurgeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const run = (action: typeof previewPurgeAction, onOk: (r: PurgeResult) => void) =>
    start(async () => {
      const result = await action({});
      if (result.ok) onOk(result.data as PurgeResult);
      setError(result.ok ? null : result.error);
    });
  return (
    <div className="space-y-4">
      <form action={saveAction} className="flex flex-wrap items-end gap-3">
        <Field label="Default retention (days)" htmlFor="defaultDays" hint="For bundles whose metadata names no telemetry.retentionDays; counted from the bundle's createdAt.">
          <Input id="defaultDays" name="defaultDays" type="number" min={1} max={3650} defaultValue={policy.defaultDays} disabled={!canEdit} className="w-28" />
        </Field>
        <Field label="Quarantine without consent (days)" htmlFor="quarantineDays" hint="Bundles received without consent keep only metadata, then are purged.">
          <Input id="quarantineDays" name="quarantineDays" type="number" min={1} max={3650} defaultValue={policy.quarantineDays} disabled={!canEdit} className="w-28" />
        </Field>
        {canEdit && (
          <Button type="submit" variant="secondary" disabled={saving}>
            Save retention
          </Button>
        )}
      </form>
      {saved && !saved.ok && <FormError message={saved.error} />}
      {saved?.ok && <p className="text-xs text-emerald-700">Retention saved.</p>}

      <div className="flex gap-2">
        <Button variant="secondary" disabled={pending} onClick={() => run(previewPurgeAction, (r) => { setPreview(r); setDone(null); })} data-testid="purge-preview">
          Preview purge
        </Button>
        <Button
          variant="danger"
          disabled={pending || !preview || preview.candidates.length === 0}
          onClick={() => window.confirm(`Purge ${preview?.candidates.length} bundle(s)? Files and everything derived from them are deleted.`) && run(purgeNowAction, (r) => { setDone(r); setPreview(null); })}
          data-testid="purge-now"
        >
          Purge now
        </Button>
      </div>
      <FormError message={error} />
      {preview && (
        <div data-testid="purge-plan">
          <p className="text-sm text-slate-700">
            {preview.candidates.length === 0 ? 'Nothing to purge: every bundle is inside its window.' : `${preview.candidates.length} bundle(s), ${mib(preview.bytes)} would be purged:`}
          </p>
          <ul className="mt-1 space-y-0.5 text-xs text-slate-600">
            {preview.candidates.map((c) => (
              <li key={c.bundleId}>
                <code className="font-mono">{c.bundleId}</code> {c.fileName} {c.ticketId ? `(ticket #${c.ticketId})` : '(unassigned)'} · {mib(c.bytes)} · {c.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      {done && <p role="status" className="text-sm text-emerald-700">Purged {done.purged.length} bundle(s), {mib(done.bytes)}. Tombstones keep their ids on the tickets.</p>}
    </div>
  );
}
