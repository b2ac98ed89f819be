import type { Metadata } from 'next';
import { Card, PageHeader } from '@/components/ui/card';
import { listApiTokens } from '@/db/queries/sessions';
import { listUsers } from '@/db/queries/users';
import { can } from '@/lib/auth/roles';
import { getDb } from '@/lib/server/db';
import { requirePageUser } from '@/lib/server/session';
import { SlaSettingsPanels } from './sla-panels';
import { AlertSettingsPanels } from './alert-panels';
import { PasswordForm } from './password-form';
import { TokensPanel } from './tokens-panel';
import { RetentionPanel } from './retention-panel';
import { retentionPolicy } from '@/lib/purge/service';
import { config } from '@/lib/env';
import { AddUserForm, UsersTable } from './users-panel';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await requirePageUser();
  const db = getDb();
  const admin = can(user.role, 'settings:manage');
  const tokens = (await listApiTokens(db, user.id)).map((t) => ({
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
    revoked: !!t.revokedAt,
  }));
  return (
    <div className="space-y-4">
      <PageHeader title="Settings" subtitle={admin ? 'Your account, users and the console’s policies.' : 'Your account.'} />
      {can(user.role, 'bundle:purge') && (
        <Card title="Retention and purge" id="retention">
          <RetentionPanel policy={await retentionPolicy(db, config().quarantineDays)} canEdit={admin} />
        </Card>
      )}
      <Card title="Your password">
        <PasswordForm />
      </Card>
      <Card title="Personal API tokens">
        <TokensPanel tokens={tokens} />
      </Card>
      {admin && (
        <Card title="Users" id="users">
          <div className="space-y-4">
            <AddUserForm />
            <UsersTable
              users={(await listUsers(db)).map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, self: u.id === user.id }))}
            />
          </div>
        </Card>
      )}
      {admin && <SlaSettingsPanels />}
      {admin && <AlertSettingsPanels />}
    </div>
  );
}
