// Admin panels of issue 10 on /settings: breach-warning thresholds with their paging level, and
// the inbound paging webhook's signing secret (write-only).
import { ActionForm } from '@/components/ui/action-button';
import { Card } from '@/components/ui/card';
import { Field, Input, Select } from '@/components/ui/field';
import { getWarningPolicies, hasPagingSecret } from '@/lib/settings/alerts';
import { SEVERITIES } from '@/lib/sla/policy';
import { getDb } from '@/lib/server/db';
import { savePagingSecretAction, saveWarningsAction } from './alert-actions';

const PAGE_LEVELS = [10, 20, 25, 30, 40, 50, 60, 70, 75, 80, 90, 95];

export async function AlertSettingsPanels() {
  const db = getDb();
  const policies = await getWarningPolicies(db);
  const secretSet = await hasPagingSecret(db);
  return (
    <>
      <Card title="Breach warnings" id="warnings">
        <ActionForm action={saveWarningsAction} submitLabel="Save warnings" successMessage="Warnings saved.">
          <p className="text-xs text-slate-500">
            Percentages of each clock’s time (business minutes for business-hours targets, never outside working hours). A warning goes to the assignee’s inbox and the board;
            the paging level also pages on-call. Sev-1 tickets nobody acknowledges are paged when the escalation matrix’s page is due anyway.
          </p>
          <table className="text-sm">
            <thead>
              <tr className="text-left text-xs text-slate-500">
                <th className="py-1 pr-4 font-medium">Severity</th>
                <th className="py-1 pr-4 font-medium">Thresholds (%)</th>
                <th className="py-1 font-medium">Also page at</th>
              </tr>
            </thead>
            <tbody>
              {SEVERITIES.map((s) => (
                <tr key={s}>
                  <td className="py-1 pr-4 font-medium">Sev-{s}</td>
                  <td className="py-1 pr-4">
                    <Input name={`w${s}_thresholds`} defaultValue={policies[s].thresholds.join(', ')} aria-label={`Sev-${s} warning thresholds`} className="!w-32 font-mono text-xs" />
                  </td>
                  <td className="py-1">
                    <Select name={`w${s}_pageAt`} defaultValue={policies[s].pageAt === null ? '' : String(policies[s].pageAt)} aria-label={`Sev-${s} paging level`} className="!w-32">
                      <option value="">never</option>
                      {[...new Set([...PAGE_LEVELS, ...policies[s].thresholds])].sort((a, b) => a - b).map((p) => (
                        <option key={p} value={p}>{p} %</option>
                      ))}
                    </Select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="text-xs text-slate-500">Comma-separated whole percentages from 1 to 99; the paging level must be one of them.</p>
        </ActionForm>
      </Card>

      <Card title="Paging webhook (inbound)" id="paging-webhook">
        <ActionForm action={savePagingSecretAction} submitLabel="Save secret" variant="secondary" successMessage="Saved.">
          <p className="text-xs text-slate-500">
            The paging service posts acknowledgements to <code className="font-mono">POST /api/webhooks/paging</code>, signed with{' '}
            <code className="font-mono">X-X400-Signature: t=&lt;unix seconds&gt;,v1=&lt;HMAC-SHA256 hex of “t.body”&gt;</code>. The secret is stored encrypted with the data key and never shown again.
          </p>
          <p className="text-sm" data-testid="paging-secret-state">{secretSet ? 'A signing secret is set.' : 'No signing secret is set: the webhook refuses every request.'}</p>
          <Field label="Signing secret" htmlFor="paging-secret" hint="16–256 printable characters, as the paging service shows it.">
            <Input id="paging-secret" name="secret" type="password" autoComplete="off" className="max-w-md font-mono" />
          </Field>
          {secretSet && (
            <label className="flex items-center gap-2 text-sm text-slate-700">
              <input type="checkbox" name="remove" value="yes" /> Remove the secret
            </label>
          )}
        </ActionForm>
      </Card>
    </>
  );
}
