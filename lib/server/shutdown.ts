// Graceful shutdown on SIGTERM / SIGINT (`npm start`, the container's `node server.js`, any role):
// stop taking work (HTTP connections, the upload folder, the job queue), let running requests and
// jobs finish for X400_SHUTDOWN_GRACE_SECONDS, hand back a parse still running past that (its
// bundle goes back to `pending`, parsed again from the start by the next worker; nothing of it is
// kept), then flush the traces, close the database and exit 0. A second signal changes nothing; a
// shutdown stuck past the grace plus HARD_STOP_MS exits 1.
import http from 'node:http';
import { closeDatabase } from '@/db/client';
import { listParsingBundlesOf, releaseParse } from '@/db/queries/instances';
import { config } from '@/lib/env';
import { logger } from '@/lib/log';
import { getDb } from './db';
import { instanceId, jobQueue, scheduleParse, stopHeartbeat, stopTakingWork } from './jobs';
import { stopServerTelemetry } from './telemetry';

/** After the grace: how long a handed-back parse has to notice and stop before the database closes. */
const RELEASE_MS = 3000;
/** Past the grace and the release: give up and exit 1. */
const HARD_STOP_MS = 10_000;

interface ShutdownState {
  installed: boolean;
  closing: boolean;
  servers: Set<http.Server>;
  inFlight: number;
  idle: (() => void)[];
}

const holder = globalThis as unknown as { __x400Shutdown?: ShutdownState };
const state = (): ShutdownState => (holder.__x400Shutdown ??= { installed: false, closing: false, servers: new Set(), inFlight: 0, idle: [] });

/**
 * Counts requests in flight on the process's HTTP servers (Next.js's own; it keeps no handle we
 * could reach) and, once shutting down, answers new ones 503 on connections still open.
 */
export function trackHttpServers(): void {
  const s = state();
  if (s.installed) return;
  s.installed = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      s.servers.add(this);
      const res = args[1] as http.ServerResponse;
      if (s.closing) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', connection: 'close', 'retry-after': '5' }).end('The console is restarting; try again in a moment.\n');
        return true;
      }
      s.inFlight++;
      res.once('close', () => {
        s.inFlight--;
        if (s.inFlight === 0) for (const resolve of s.idle.splice(0)) resolve();
      });
    }
    return (emit as (...all: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
}

function requestsDone(): Promise<void> {
  const s = state();
  return s.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => s.idle.push(resolve));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Resolves true when `work` finished before `ms`, false otherwise (the work goes on). */
async function within(ms: number, work: Promise<unknown>): Promise<boolean> {
  return Promise.race([work.then(() => true), sleep(ms).then(() => false)]);
}

/** Parses this instance still runs: back to `pending`, so the running parse stops at its next
 * check and nothing of it is kept (the next parse clears its rows and starts over). */
async function handBackParses(): Promise<string[]> {
  const db = getDb();
  const released: string[] = [];
  for (const bundle of await listParsingBundlesOf(db, [instanceId()], false)) {
    if (await releaseParse(db, bundle.id, bundle.parseOwner)) released.push(bundle.id);
  }
  return released;
}

export async function shutDown(signal: string): Promise<number> {
  const cfg = config();
  const log = logger();
  const graceMs = cfg.shutdownGraceSeconds * 1000;
  const s = state();
  log.info({ signal, graceSeconds: cfg.shutdownGraceSeconds, requestsInFlight: s.inFlight }, 'X400 Support Console: shutting down');

  // 1. Take no new work: connections, files from the upload folder, jobs.
  s.closing = true;
  for (const server of s.servers) {
    server.close();
    server.closeIdleConnections();
  }
  const jobs = jobQueue();
  const jobsStopped = jobs.stop({ graceMs: graceMs + RELEASE_MS });
  const drained = await within(graceMs, Promise.all([requestsDone(), stopTakingWork(), jobsStopped]));

  // 2. Past the grace: cut what still runs, without leaving anything half-written.
  if (!drained) {
    for (const server of s.servers) server.closeAllConnections();
    const released = await handBackParses().catch((error: Error) => {
      log.error({ err: error.message }, 'shutdown: could not hand back the running parses');
      return [] as string[];
    });
    // Distributed: another worker takes them now (embedded: this start's successor does).
    if (cfg.databaseUrl !== null) for (const bundleId of released) await scheduleParse(bundleId).catch(() => {});
    if (released.length) log.warn({ bundles: released }, `shutdown: ${released.length} parse(s) handed back, to be parsed again from the start`);
    await within(RELEASE_MS, jobsStopped);
  }

  // 3. Flush and close.
  await stopHeartbeat().catch(() => {});
  await within(2000, stopServerTelemetry());
  await closeDatabase(getDb()).catch((error: Error) => log.error({ err: error.message }, 'shutdown: closing the database failed'));
  log.info({ drained }, 'X400 Support Console: stopped');
  return 0;
}

/**
 * Installs the SIGTERM / SIGINT handler when Next.js leaves the signals to us
 * (NEXT_MANUAL_SIG_HANDLE, set by `npm start` and the container image); `next dev` keeps its own.
 */
export function handleShutdownSignals(): void {
  if (!process.env.NEXT_MANUAL_SIG_HANDLE) return;
  let started = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (started) return;
    started = true;
    const hardStop = setTimeout(() => {
      logger().error('X400 Support Console: shutdown did not finish in time; exiting');
      process.exit(1);
    }, config().shutdownGraceSeconds * 1000 + RELEASE_MS + HARD_STOP_MS);
    hardStop.unref();
    shutDown(signal)
      .then((code) => process.exit(code))
      .catch((error: Error) => {
        logger().error({ err: error.message }, 'X400 Support Console: shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
