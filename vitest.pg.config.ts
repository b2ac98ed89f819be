// The unit/integration suite's PostgreSQL pass (run by scripts/test-pg.mjs after the SQLite pass):
// the same tests, on a fresh Postgres database created and dropped by the global setup.
import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config';

export default mergeConfig(
  base,
  defineConfig({
    test: {
      name: 'postgres',
      globalSetup: ['test/pg/global-setup.ts'],
    },
  }),
);
