import { defineConfig } from 'drizzle-kit';

// PostgreSQL (distributed mode) migrations; db:generate regenerates these and the SQLite ones.
export default defineConfig({
  dialect: 'postgresql',
  schema: './db/schema.pg.ts',
  out: './db/migrations-pg',
});
