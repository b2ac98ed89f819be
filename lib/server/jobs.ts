// The server's background work, through the job-queue seam (lib/jobs): bundle parsing after
// consent, webhook delivery, the retention purge, the stray-object sweep, and the watched upload
// folder; plus this instance's heartbeat and crash repair. Embedded: all in this process.
// Distributed: any instance sends, instances with X400_ROLE worker or all run the jobs.
import { listBundlesInParseState } from '@/db/queries/bundles';
import { CLI_ACTOR, SYSTEM_ACTOR } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { queueCustomerUpdate, resendQueuedCustomerUpdates, workCustomerUpdates } from '@/lib/customer-updates/delivery-queue';
import { smtpMailer } from '@/lib/customer-updates/mailer';
import { queueTicketPaging, queueWebhook, resendPendingWebhooks, workPagingAndWatch, workWebhooks } from '@/lib/escalation/delivery-queue';
import { repairAtStart, repairStaleInstances, sweepStrayObjects, type RepairReport } from '@/lib/ingest/repair';
import { parseBundle, type IngestDeps } from '@/lib/ingest/service';
import { startUploadWatcher, type UploadWatcher } from '@/lib/ingest/watcher';
import { jobQueueFromConfig, type JobQueue } from '@/lib/jobs';
import { instanceIdFor, startHeartbeat, type Heartbeat } from '@/lib/jobs/instance';
import { runPurge } from '@/lib/purge/service';
import { runShareJob, SHARE_QUEUE, type ShareJobDeps, type ShareJobPayload } from '@/lib/share/job';
import { getDb } from './db';
import { configuredStorage, consoleDeps } from '@/lib/deps';
import { logger } from '@/lib/log';

/** An object no bundle row names is swept once it is this old (uploads in progress are younger). */
const STRAY_GRACE_MS = 3600_000;

const holder = globalThis as unknown as {
  __x400Jobs?: JobQueue;
  __x400Instance?: string;
  __x400Watcher?: UploadWatcher;
  __x400Heartbeat?: Heartbeat;
  __x400WatchPeers?: NodeJS.Timeout;
};

export function instanceId(): string {
  holder.__x400Instance ??= instanceIdFor(config());
  return holder.__x400Instance;
}

export function ingestDeps(): IngestDeps {
  return consoleDeps(getDb(), instanceId());
}

export function shareJobDeps(): ShareJobDeps {
  const cfg = config();
  return { db: getDb(), bundleDir: cfg.bundleDir, storage: configuredStorage(), instanceId: instanceId(), ttlHours: cfg.shareTtlHours };
}

export function jobQueue(): JobQueue {
  holder.__x400Jobs ??= jobQueueFromConfig(config());
  return holder.__x400Jobs;
}

/** Parses a bundle in the background (after consent is confirmed); one job per bundle. */
export async function scheduleParse(bundleId: string): Promise<void> {
  await jobQueue().send('parse', { bundleId }, { singletonKey: bundleId });
}

/** Delivers a recorded paging / status-page action's webhook in the background, with retries. */
export async function scheduleWebhook(actionId: number, baseUrl: string | null): Promise<void> {
  await queueWebhook(jobQueue(), actionId, baseUrl);
}

/** Sends a customer update by e-mail in the background, with retries. */
export async function scheduleCustomerUpdate(updateId: number, baseUrl: string | null): Promise<void> {
  await queueCustomerUpdate(jobQueue(), updateId, baseUrl);
}

/** Sends a ticket's paging acknowledge / resolve events (after it was acknowledged or mitigated). */
export async function schedulePaging(ticketId: number): Promise<void> {
  await queueTicketPaging(getDb(), jobQueue(), ticketId);
}

function logRepair(r: RepairReport): void {
  if (!r.jobsFailed && !r.parsesRequeued.length && !r.instancesTakenOver.length && !r.sharesFailed) return;
  logger().info(
    `X400 Support Console: repaired after an interrupted run: ${r.jobsFailed} upload(s) marked failed, ${r.parsesRequeued.length} parse(s) restarted, ${r.sharesFailed} share(s) marked failed` +
      (r.instancesTakenOver.length ? `, work of stopped instance(s) ${r.instancesTakenOver.join(', ')} taken over` : ''),
  );
}

export async function startBackgroundJobs(): Promise<void> {
  const cfg = config();
  const deps = ingestDeps();
  const { db, storage } = deps;
  const jobs = jobQueue();
  const distributed = cfg.databaseUrl !== null;
  const runsWorkers = cfg.role !== 'web';
  const heartbeat = await startHeartbeat(db, { instanceId: instanceId(), role: cfg.role, staleSeconds: cfg.instanceStaleSeconds });
  holder.__x400Heartbeat = heartbeat;
  const scope = () => ({ instanceId: heartbeat.instanceId, staleBefore: heartbeat.staleBefore(), includeUnowned: !distributed });

  const repaired = await repairAtStart(db, storage, scope());
  logRepair(repaired);

  if (runsWorkers) {
    await jobs.work<{ bundleId: string }>('parse', ({ bundleId }) => parseBundle(deps, bundleId));
    await workWebhooks(db, jobs);
    await jobs.work<ShareJobPayload>(SHARE_QUEUE, (payload) => runShareJob(shareJobDeps(), payload));
    await workPagingAndWatch(db, jobs);
    if (cfg.smtp) await workCustomerUpdates(db, jobs, { mailer: smtpMailer(cfg.smtp), confirmLinkDays: cfg.confirmLinkDays, publicUrl: cfg.publicUrl });
    await jobs.work('purge', async () => {
      const r = await runPurge(deps, SYSTEM_ACTOR, { quarantineDays: cfg.quarantineDays });
      if (r.purged.length) logger().info({ bundles: r.purged.length, bytes: r.bytes }, 'retention purge');
      if (r.sharesExpired.length) logger().info({ files: r.sharesExpired.length }, 'retention purge removed expired share files');
    });
    await jobs.work('sweep-objects', async () => {
      const removed = await sweepStrayObjects(db, storage, distributed ? STRAY_GRACE_MS : 0);
      if (removed.length) logger().info({ files: removed.length }, 'removed stray stored files');
    });
    // At start (which also finishes a purge that a crash interrupted), then on the schedule.
    // As often as shares expire too, so an expired share's file does not wait for a daily run.
    await jobs.schedule('purge', { everySeconds: Math.min(cfg.purgeIntervalHours, cfg.shareTtlHours) * 3600 });
    await jobs.schedule('sweep-objects', { everySeconds: 3600 });
    await jobs.schedule('sla-watch', { everySeconds: cfg.slaWatchSeconds });
    holder.__x400Watcher = startUploadWatcher({ uploadDir: cfg.uploadDir, deps, actor: { ...CLI_ACTOR, email: 'upload-folder' } });
  }

  // Durable through the rows: parses waiting for a worker, and (embedded: the queue lived in the
  // dead process) webhooks that were never delivered.
  for (const bundle of await listBundlesInParseState(db, 'pending')) {
    if (bundle.consentConfirmedAt && bundle.consentGranted) await scheduleParse(bundle.id);
  }
  if (!distributed) await resendPendingWebhooks(db, jobs);
  if (!distributed && cfg.smtp) await resendQueuedCustomerUpdates(db, jobs);

  // Take over the work of instances that stop beating.
  const watchPeers = setInterval(() => {
    repairStaleInstances(db, scope())
      .then(async (r) => {
        logRepair(r);
        for (const owner of r.instancesTakenOver) holder.__x400Watcher?.releaseClaims(owner);
        for (const bundleId of r.parsesRequeued) await jobs.retryAbandoned('parse', bundleId, { bundleId });
      })
      .catch((error: Error) => logger().error({ err: error.message }, 'instance repair failed'));
  }, Math.max(1000, (cfg.instanceStaleSeconds * 1000) / 3));
  watchPeers.unref();
  holder.__x400WatchPeers = watchPeers;
}

/** Graceful shutdown, first step: no new files from the upload folder, no taking over of other
 * instances' work. Resolves once a file being ingested from the folder is done. */
export async function stopTakingWork(): Promise<void> {
  if (holder.__x400WatchPeers) clearInterval(holder.__x400WatchPeers);
  await holder.__x400Watcher?.stop();
}

/** Graceful shutdown, last step before the database closes: the heartbeat stops. */
export async function stopHeartbeat(): Promise<void> {
  await holder.__x400Heartbeat?.stop();
}
