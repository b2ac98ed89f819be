// What the server does once when it starts: open and migrate the database, make sure an admin
// exists (printing a generated one-time password), create the data folders, start background jobs.
import fs from 'node:fs';
import { ensureFirstAdmin } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { migrateDatabase } from '@/db/client';
import { getDb } from './db';
import { startBackgroundJobs } from './jobs';
import { logger } from '@/lib/log';

const started = globalThis as unknown as { __x400Booted?: boolean };

export async function bootServer(): Promise<void> {
  if (started.__x400Booted) return;
  started.__x400Booted = true;
  const cfg = config();
  // Everything the server creates under the data folder is for its own user only (0600 / 0700).
  process.umask(0o077);
  for (const dir of [cfg.dataDir, cfg.bundleDir, cfg.uploadDir]) fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const db = getDb();
  await migrateDatabase(db, cfg.appRoot); // Postgres: N instances queue on an advisory lock
  const admin = await ensureFirstAdmin(db, cfg);
  if (admin) {
    const lines = admin.password
      ? [
          'X400 Support Console: first start, an admin account was created.',
          `  Sign in at http://localhost:${cfg.port}/login`,
          `  email:    ${admin.email}`,
          `  password: ${admin.password}   (shown once: change it on /settings)`,
        ]
      : ['X400 Support Console: first start, admin created from X400_ADMIN_EMAIL.', `  Sign in at http://localhost:${cfg.port}/login as ${admin.email}`];
    console.log(['', ...lines, ''].join('\n'));
  }
  // Heartbeat and repair of this instance's own work always; X400_ROLE=web leaves the workers
  // (parsing, webhooks, purge, sweep, upload folder) to other instances.
  await startBackgroundJobs();
  logger().info({ dataDir: cfg.dataDir, uploadDir: cfg.uploadDir }, 'X400 Support Console started');
}
