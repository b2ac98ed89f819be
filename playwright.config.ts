// End-to-end tests: the built app on a fresh temporary data folder, driven in Debian's Chromium.
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from './e2e/support/chromium';
import { E2E } from './e2e/support/env';

export default defineConfig({
  // A committed test.only would silently skip the rest of the suite.
  forbidOnly: true,
  testDir: './e2e',
  outputDir: './test-results',
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  retries: process.env.CI ? 1 : 0,
  reporter: [['list']],
  use: {
    baseURL: E2E.baseUrl,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: 'node scripts/start.mjs',
    url: `${E2E.baseUrl}/login`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    env: {
      PORT: String(E2E.port),
      X400_DATA_DIR: E2E.dataDir,
      X400_ADMIN_EMAIL: E2E.admin.email,
      X400_ADMIN_PASSWORD: E2E.admin.password,
      X400_PURGE_INTERVAL_HOURS: '24',
      // The SLA watch (breach warnings, due pages) every few seconds: e2e/ahead-of-clock.spec.ts.
      X400_SLA_WATCH_SECONDS: '3',
      X400_LOG_FILE: `${E2E.dataDir}/server.log`,
      X400_SMTP_URL: `smtp://127.0.0.1:${E2E.smtpPort}`,
      X400_SMTP_FROM: 'X400 Support <support@e2e.test>',
    },
  },
});
