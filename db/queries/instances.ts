// Running instances (heartbeat rows) and the work each one owns: which instance parses a bundle,
// which received an upload. Every ownership change is a compare-and-set on the row, so two
// instances repairing the same dead one cannot both take a piece of its work.
import { and, eq, inArray, isNull, lt, ne, notInArray, or } from 'drizzle-orm';
import type { Db } from '../client';
import { bundles, ingestJobs, instances, type Bundle, type Instance, type IngestJob } from '../schema';

export async function upsertInstance(db: Db, row: Instance): Promise<void> {
  await db
    .insert(instances)
    .values(row)
    .onConflictDoUpdate({ target: instances.id, set: { host: row.host, pid: row.pid, role: row.role, startedAt: row.startedAt, heartbeatAt: row.heartbeatAt } });
}

export async function beatInstance(db: Db, id: string, at: Date): Promise<void> {
  await db.update(instances).set({ heartbeatAt: at }).where(eq(instances.id, id));
}

export async function removeInstance(db: Db, id: string): Promise<void> {
  await db.delete(instances).where(eq(instances.id, id));
}

export async function listInstances(db: Db): Promise<Instance[]> {
  return db.select().from(instances);
}

/** Instances whose heartbeat is older than `staleBefore` (other than `self`). */
export async function listStaleInstances(db: Db, self: string, staleBefore: Date): Promise<Instance[]> {
  return db.select().from(instances).where(and(ne(instances.id, self), lt(instances.heartbeatAt, staleBefore)));
}

/** Ids of instances whose heartbeat is fresh. */
export async function liveInstanceIds(db: Db, staleBefore: Date): Promise<Set<string>> {
  const rows = await db.select({ id: instances.id, heartbeatAt: instances.heartbeatAt }).from(instances);
  return new Set(rows.filter((r) => r.heartbeatAt >= staleBefore).map((r) => r.id));
}

/** Uploads still being received or checked by one of `owners` (null: recorded before owners were). */
export async function listUnfinishedIngestJobsOf(db: Db, owners: string[], includeUnowned: boolean): Promise<IngestJob[]> {
  const owned = or(inArray(ingestJobs.instanceId, owners.length ? owners : ['']), includeUnowned ? isNull(ingestJobs.instanceId) : undefined);
  return db.select().from(ingestJobs).where(and(inArray(ingestJobs.state, ['received', 'processing']), owned));
}

/** Fails an unfinished upload, unless it finished (or was failed by another instance) meanwhile. */
export async function failUnfinishedIngestJob(db: Db, id: string, changes: Partial<typeof ingestJobs.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(ingestJobs)
    .set(changes)
    .where(and(eq(ingestJobs.id, id), inArray(ingestJobs.state, ['received', 'processing'])))
    .returning({ id: ingestJobs.id });
  return rows.length > 0;
}

/** Bundles being parsed by one of `owners` (null: a parse started before owners were recorded). */
export async function listParsingBundlesOf(db: Db, owners: string[], includeUnowned: boolean): Promise<Bundle[]> {
  const owned = or(inArray(bundles.parseOwner, owners.length ? owners : ['']), includeUnowned ? isNull(bundles.parseOwner) : undefined);
  return db.select().from(bundles).where(and(eq(bundles.parseState, 'parsing'), owned));
}

/** Bundles being parsed by an instance that has no heartbeat row at all (it was removed). */
export async function listParsingBundlesNotOwnedBy(db: Db, owners: string[]): Promise<Bundle[]> {
  return db.select().from(bundles).where(and(eq(bundles.parseState, 'parsing'), notInArray(bundles.parseOwner, owners.length ? owners : [''])));
}

/**
 * Takes the parse of a bundle for `owner`: only when nobody parses it, or when the one parsing it
 * is `expectedOwner` (read just before, and known to be this instance or dead). Returns false
 * when another instance got there first.
 */
export async function claimParse(db: Db, bundleId: string, owner: string, expectedOwner: string | null): Promise<boolean> {
  const ownerIs = expectedOwner === null ? isNull(bundles.parseOwner) : eq(bundles.parseOwner, expectedOwner);
  const rows = await db
    .update(bundles)
    .set({ parseState: 'parsing', parseProgress: 0, parseError: null, parseOwner: owner })
    .where(and(eq(bundles.id, bundleId), ne(bundles.parseState, 'parsed'), or(ne(bundles.parseState, 'parsing'), ownerIs)))
    .returning({ id: bundles.id });
  return rows.length > 0;
}

/** Puts a dead owner's parse back to `pending`; false when the bundle moved on meanwhile. */
export async function releaseParse(db: Db, bundleId: string, owner: string | null): Promise<boolean> {
  const ownerIs = owner === null ? isNull(bundles.parseOwner) : eq(bundles.parseOwner, owner);
  const rows = await db
    .update(bundles)
    .set({ parseState: 'pending', parseProgress: 0, parseOwner: null })
    .where(and(eq(bundles.id, bundleId), eq(bundles.parseState, 'parsing'), ownerIs))
    .returning({ id: bundles.id });
  return rows.length > 0;
}

/** Writes parse progress while `owner` still holds the parse; false once another took it over. */
export async function updateOwnedParse(db: Db, bundleId: string, owner: string, changes: Partial<typeof bundles.$inferInsert>): Promise<boolean> {
  const rows = await db
    .update(bundles)
    .set(changes)
    .where(and(eq(bundles.id, bundleId), eq(bundles.parseState, 'parsing'), eq(bundles.parseOwner, owner)))
    .returning({ id: bundles.id });
  return rows.length > 0;
}
