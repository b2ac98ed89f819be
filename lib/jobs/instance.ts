// Who this process is among the instances sharing a database: a stable id (X400_INSTANCE_ID, else
// generated once into the data folder, so a restart is the same instance), a heartbeat row kept
// fresh while it runs, and the test for "that instance is dead".
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Db } from '@/db/client';
import { beatInstance, removeInstance, upsertInstance } from '@/db/queries/instances';

export const INSTANCE_FILE = 'x400-instance-id';

/** This data folder's instance id: X400_INSTANCE_ID, else the id file (created on first use). */
export function instanceIdFor(cfg: { dataDir: string; instanceIdOverride: string | null }): string {
  if (cfg.instanceIdOverride) return cfg.instanceIdOverride;
  const file = path.join(cfg.dataDir, INSTANCE_FILE);
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(cfg.dataDir, { recursive: true });
    const id = `${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${randomBytes(4).toString('hex')}`;
    try {
      fs.writeFileSync(file, `${id}\n`, { flag: 'wx' });
      return id;
    } catch {
      return fs.readFileSync(file, 'utf8').trim(); // another process of this folder wrote it first
    }
  }
}

/** A one-off process (the CLI): an id of its own, so it never repairs a server's work. */
export function processInstanceId(): string {
  return `cli-${os.hostname().replace(/[^A-Za-z0-9_.-]/g, '-').slice(0, 40)}-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export interface Heartbeat {
  readonly instanceId: string;
  /** Heartbeats older than this are dead instances. */
  staleBefore(now?: Date): Date;
  stop(): Promise<void>;
}

/** Registers the instance and keeps its heartbeat fresh (every sixth of the stale window). */
export async function startHeartbeat(db: Db, opts: { instanceId: string; role: string; staleSeconds: number; removeOnStop?: boolean }): Promise<Heartbeat> {
  const now = new Date();
  await upsertInstance(db, { id: opts.instanceId, host: os.hostname().slice(0, 200), pid: process.pid, role: opts.role, startedAt: now, heartbeatAt: now });
  const timer = setInterval(() => {
    beatInstance(db, opts.instanceId, new Date()).catch((error: Error) => console.error(`heartbeat: ${error.message}`));
  }, Math.max(1000, (opts.staleSeconds * 1000) / 6));
  timer.unref();
  return {
    instanceId: opts.instanceId,
    staleBefore: (at = new Date()) => new Date(at.getTime() - opts.staleSeconds * 1000),
    stop: async () => {
      clearInterval(timer);
      if (opts.removeOnStop) await removeInstance(db, opts.instanceId).catch(() => {});
    },
  };
}

/**
 * Runs `work` as an instance with a heartbeat (a CLI command, a test seeding data): the servers
 * leave its upload or parse alone while it runs, and repair it if the process dies.
 */
export async function asInstance<T>(db: Db, opts: { instanceId: string; role: string; staleSeconds: number }, work: () => Promise<T>): Promise<T> {
  const beat = await startHeartbeat(db, { ...opts, removeOnStop: true });
  try {
    return await work();
  } finally {
    await beat.stop();
  }
}
