// The job queue the configuration names: pg-boss on X400_DATABASE_URL, else in-process.
import type { Config } from '@/lib/env';
import { EmbeddedQueue } from './embedded';
import { PgBossQueue } from './pg-boss';
import type { JobQueue } from './queue';

export type { JobQueue, JobHandler, ScheduleSpec, SendOptions } from './queue';
export { EmbeddedQueue } from './embedded';
export { PgBossQueue } from './pg-boss';

export function jobQueueFromConfig(cfg: Pick<Config, 'databaseUrl' | 'role'>): JobQueue {
  if (!cfg.databaseUrl) return new EmbeddedQueue();
  return new PgBossQueue({ connectionString: cfg.databaseUrl, runsWorkers: cfg.role !== 'web' });
}
