// Where the end-to-end server runs and keeps its data: one fresh folder per run (scripts/e2e.mjs).
import os from 'node:os';
import path from 'node:path';

const port = Number(process.env.X400_E2E_PORT ?? 3217);

export const E2E = {
  port,
  baseUrl: `http://127.0.0.1:${port}`,
  dataDir: process.env.X400_E2E_DATA_DIR ?? path.join(os.tmpdir(), 'x400-e2e-data'),
  admin: { email: 'admin@e2e.test', password: 'e2e-admin-password-1' },
  shared: path.resolve(process.cwd(), '..', 'shared'),
  /** The loopback SMTP server e2e/customer-updates.spec.ts runs; the server sends customer updates there. */
  smtpPort: port + 5,
} as const;
