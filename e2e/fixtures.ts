// Test fixtures: each test seeds its own users and tickets through the same lib/ code the app
// uses, on the server's own database file, and signs in either through the form or a session.
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { openDatabase, type AppDb } from '@/db/client';
import type { Role, User } from '@/db/schema';
import { createUser, signIn, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import type { NewTicketInput } from '@/lib/tickets/input';
import { createTicket } from '@/lib/tickets/service';
import { E2E } from './support/env';

export const PASSWORD = 'correct-horse-battery-1';

let db: AppDb | null = null;
function database(): AppDb {
  db ??= openDatabase(path.join(E2E.dataDir, 'x400-support.sqlite'), process.cwd());
  return db;
}

export interface Fixtures {
  db: AppDb;
  makeUser: (role: Role, name?: string) => Promise<User>;
  makeTicket: (owner: User, input?: Partial<NewTicketInput>) => Promise<number>;
  signInAs: (page: Page, user: User) => Promise<void>;
}

export const test = base.extend<Fixtures>({
  db: async ({}, use) => use(database()),
  makeUser: async ({ db }, use) =>
    use(async (role, name) => {
      const email = `${role}-${randomUUID().slice(0, 8)}@e2e.test`;
      const { user } = await createUser(db, { email, role, name: name ?? `${role[0]!.toUpperCase()}${role.slice(1)} ${email.slice(role.length + 1, role.length + 5)}`, password: PASSWORD }, SYSTEM_ACTOR);
      return user;
    }),
  makeTicket: async ({ db }, use) =>
    use(async (owner, input = {}) =>
      (await createTicket(db, owner, {
        customerName: 'Acme Mail',
        customerContact: 'ops@acme.example',
        severity: 2,
        summary: `Queue backlog ${randomUUID().slice(0, 6)}`,
        components: ['queue'],
        reportedAt: ['2026-11-26T21:40:00.000Z'],
        // Seeded history: the fixed reported time may be long before the ticket opens.
        confirmOldReportedAt: true,
        ...input,
      })).id,
    ),
  signInAs: async ({ db, baseURL }, use) =>
    use(async (page, user) => {
      const result = await signIn(db, { email: user.email, password: PASSWORD, ip: `10.9.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`, ttlHours: 1 });
      if (!result.ok) throw new Error(`could not sign in ${user.email}: ${result.reason}`);
      await page.context().addCookies([{ name: 'x400_session', value: result.token, url: baseURL! }]);
    }),
});

export { expect };
