// Bundle ingest, consent confirmation and parsing: the one implementation behind the upload form,
// the HTTP endpoint, the watched folder and `x400-support ingest`. A failed ingest leaves no
// bundle row and no stored file; a failed parse leaves no spans, series or findings.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { withTransaction, type AppDb, type Db } from '@/db/client';
import { bulkLoadSettings } from '@/db/queries/spans';
import { appendAudit } from '@/db/queries/audit';
import {
  deleteBundleContents,
  findBundle,
  findBundleBySha,
  findIngestJob,
  insertBundle,
  insertFindings,
  insertIngestJob,
  insertSeries,
  insertSpans,
  type SpanRowValues,
  updateBundle,
  updateIngestJob,
} from '@/db/queries/bundles';
import { claimParse, liveInstanceIds, updateOwnedParse } from '@/db/queries/instances';
import { findTicket, insertTicketEvent } from '@/db/queries/tickets';
import type { Bundle, IngestJob } from '@/db/schema';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { inspectBundle, type InspectOptions, type InspectReport, type SpanRun } from '@/lib/bundle/inspect';
import type { SpanIndex } from '@/lib/bundle/operations';
import type { BundleLimits } from '@/lib/bundle/archive';
import { markConsentVerified, markDiagnosticsGathered } from '@/lib/tickets/service';
import { AppError } from '@/lib/errors';
import { resumeOnBundle } from '@/lib/tickets/waiting';
import { redactText } from '@/lib/bundle/pii';
import { redactDeep } from '@/lib/bundle/redact-deep';
import { writeSkeleton } from '@/lib/trace-view/store';
import { SpanSpool, type SpoolField } from './span-spool';
import { SpanRedactor, spanDetails } from './spans';
import { logRow } from './logs';
import { insertLogLines } from '@/db/queries/logs';
import { discardSealed, incomingPath, removeBundleFile, sealBundleFile, storeSealedFile, withBundleFile, type SealedFile, type StorageConfig } from './storage';
import { startSkeleton, type SkeletonJob } from './skeleton-thread';
import { layoutSpans } from './tree';

export interface IngestDeps {
  db: AppDb;
  storage: StorageConfig;
  limits?: Partial<BundleLimits>;
  now?: () => Date;
  /** This process's instance id: recorded on the uploads it receives and the parses it runs, so
   * crash repair touches only its own (or a dead instance's) work. */
  instanceId?: string;
  /** A parse owner whose heartbeat is older than this many seconds is dead (default 30). */
  instanceStaleSeconds?: number;
  /** How a parse splits its reading between two threads (tests split small bundles). */
  inspect?: Pick<InspectOptions, 'parallelFromBytes' | 'parallelSplit' | 'traceChunkBytes'>;
}

/** The owner recorded when no instance id is given (tests, single-process tools). */
export const LOCAL_INSTANCE = 'local';

export type IngestSource = 'upload' | 'api' | 'folder' | 'cli';

export type IngestOutcome =
  | { status: 'stored'; bundle: Bundle; job: IngestJob }
  | { status: 'duplicate'; bundle: Bundle; job: IngestJob }
  | { status: 'rejected'; job: IngestJob; problems: { code: string; message: string }[] };

export async function startIngestJob(
  db: Db,
  input: { fileName: string; size: number; ticketId: number | null; source: IngestSource; actor: Actor; instanceId?: string },
  now = new Date(),
  id: string = randomUUID(),
): Promise<IngestJob> {
  return insertIngestJob(db, {
    id,
    instanceId: input.instanceId ?? LOCAL_INSTANCE,
    ticketId: input.ticketId,
    source: input.source,
    fileName: input.fileName.slice(0, 255),
    size: input.size,
    state: 'received',
    stage: 'received',
    byId: input.actor.id,
    createdAt: now,
  });
}

async function linkToTicket(db: Db, actor: Actor, bundle: Bundle, ticketId: number, now: Date): Promise<Bundle> {
  const linked = (await updateBundle(db, bundle.id, { ticketId }))!;
  await insertTicketEvent(db, { ticketId, at: now, actorId: actor.id, kind: 'bundle_linked', data: { bundleId: bundle.id, fileName: bundle.fileName, consent: bundle.consentGranted } });
  await markDiagnosticsGathered(db, actor, ticketId, bundle.id, now);
  await resumeOnBundle(db, actor.id, ticketId, bundle.id, now);
  return linked;
}

/**
 * Ingests one bundle file: validates the archive and metadata.json (nothing else is read before
 * consent is confirmed), stores the file and records the bundle, linked to `ticketId` or left in
 * the unassigned inbox. The caller owns `filePath` and deletes it afterwards.
 */
export async function ingestBundleFile(
  deps: IngestDeps,
  input: { filePath: string; fileName: string; ticketId: number | null; source: IngestSource; actor: Actor; jobId?: string },
): Promise<IngestOutcome> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  requirePermission(input.actor, 'bundle:upload');
  const target = input.ticketId !== null ? await findTicket(db, input.ticketId) : null;
  if (input.ticketId !== null && !target) throw new AppError('NOT_FOUND', `Ticket #${input.ticketId} does not exist.`);
  if (target?.status === 'closed') throw new AppError('CONFLICT', `Ticket #${target.id} is closed: reopen it (with a reason) before adding a bundle.`);
  let job = input.jobId ? await findIngestJob(db, input.jobId) : undefined;
  job ??= await startIngestJob(db, { fileName: input.fileName, size: 0, ticketId: input.ticketId, source: input.source, actor: input.actor, instanceId: deps.instanceId }, now());
  const jobId = job.id;
  await updateIngestJob(db, jobId, { state: 'processing', stage: 'inspect', progress: 0 });

  let lastWrite = 0;
  // Progress is written in order and awaited before the job's outcome, which it must not overwrite.
  let progressWrites: Promise<void> = Promise.resolve();
  const report = await inspectBundle(input.filePath, {
    fileName: input.fileName,
    metadataOnly: true,
    limits: deps.limits,
    onProgress: (fraction, stage) => {
      if (Date.now() - lastWrite < 200) return;
      lastWrite = Date.now();
      progressWrites = progressWrites.then(() => updateIngestJob(db, jobId, { progress: fraction, stage }));
    },
  });
  await progressWrites;

  const fail = async (problems: { code: string; message: string }[]): Promise<IngestOutcome> => {
    const first = problems[0]!;
    await updateIngestJob(db, jobId, {
      state: 'failed',
      stage: 'failed',
      progress: 1,
      size: report.size,
      sha256: report.sha256,
      problemCode: first.code,
      problem: problems.map((p) => p.message).join('; ').slice(0, 2000),
      finishedAt: now(),
    });
    await appendAudit(db, { at: now(), actorId: input.actor.id, actorEmail: input.actor.email, action: 'bundle.ingest_refused', targetType: 'ingest', targetId: jobId, detail: { fileName: input.fileName, code: first.code } });
    return { status: 'rejected', job: (await findIngestJob(db, jobId))!, problems };
  };

  const finishAsDuplicate = (tx: Db, bundleId: string) =>
    updateIngestJob(tx, jobId, { state: 'done', stage: 'duplicate', progress: 1, size: report.size, sha256: report.sha256, bundleId, problem: 'Already have it: the same bundle was received before.', finishedAt: now() });

  const refusing = report.problems.filter((p) => p.code !== 'NO_CONSENT');
  if (refusing.length > 0 || !report.bundleId || !report.sha256) {
    return fail(refusing.length ? refusing : [{ code: 'METADATA_INVALID', message: 'the bundle has no bundleId' }]);
  }

  const asDuplicate = async (same: Bundle): Promise<IngestOutcome> => {
    const bundle = await withTransaction(db, async (tx) => {
      const linked = input.ticketId !== null && same.ticketId === null ? await linkToTicket(tx, input.actor, same, input.ticketId, now()) : same;
      await finishAsDuplicate(tx, same.id);
      return linked;
    });
    return { status: 'duplicate', bundle, job: (await findIngestJob(db, jobId))! };
  };
  const conflictWith = (other: Bundle) =>
    fail([{ code: 'BUNDLE_CONFLICT', message: `bundle ${report.bundleId} was already received (${other.fileName}) with different contents; the customer should re-export it` }]);

  // Encrypt before the checks below (the slow part); the checks are only a shortcut: the
  // object gets a name of its own and the insert's unique keys decide between concurrent uploads.
  let sealed: SealedFile | null = await sealBundleFile(deps.storage, input.filePath);
  const same = await findBundleBySha(db, report.sha256);
  if (same) {
    discardSealed(sealed);
    return asDuplicate(same);
  }
  const conflict = await findBundle(db, report.bundleId);
  if (conflict) {
    discardSealed(sealed);
    // The same bytes, committed by a concurrent upload between the two reads, are a duplicate.
    return conflict.sha256 === report.sha256 ? asDuplicate(conflict) : conflictWith(conflict);
  }

  const storedName = await storeSealedFile(deps.storage, sealed, report.bundleId);
  const keyId = sealed.keyId;
  sealed = null;
  try {
    const bundle = await withTransaction(db, async (tx) => {
      const created = await insertBundle(tx, {
        id: report.bundleId!,
        sha256: report.sha256!,
        fileName: input.fileName,
        size: report.size,
        channel: report.channel!,
        createdAt: new Date(report.createdAt!),
        ingestedAt: now(),
        ticketId: null,
        state: report.consent.granted ? 'active' : 'quarantined',
        consentGranted: report.consent.granted,
        consentedAt: report.consent.consentedAt ? new Date(report.consent.consentedAt) : null,
        retentionDays: report.retentionDays,
        metadata: redactDeep({ reportedAt: report.reportedAt, entries: report.entries, extraEntries: report.extraEntries, consentReason: report.consent.reason }),
        report: reportSummary(report),
        storagePath: storedName,
        keyId,
        valid: true,
        problems: report.problems,
      });
      await insertFindings(tx, report.redaction.findings.map((f) => ({ bundleId: created.id, entry: f.entry, pointer: f.pointer, line: f.line, category: f.category, preview: f.preview })));
      const linked = input.ticketId !== null ? await linkToTicket(tx, input.actor, created, input.ticketId, now()) : created;
      await updateIngestJob(tx, jobId, { state: 'done', stage: 'stored', progress: 1, size: report.size, sha256: report.sha256, bundleId: created.id, finishedAt: now() });
      await appendAudit(tx, {
        at: now(),
        actorId: input.actor.id,
        actorEmail: input.actor.email,
        action: 'bundle.ingest',
        targetType: 'bundle',
        targetId: created.id,
        detail: { fileName: input.fileName, ticketId: input.ticketId, source: input.source, consent: report.consent.granted },
      });
      return linked;
    });
    return { status: 'stored', bundle, job: (await findIngestJob(db, jobId))! };
  } catch (error) {
    // Another upload of the same bundle (this process, another instance, the CLI) won the insert.
    await removeBundleFile(deps.storage, storedName);
    const winner = await findBundleBySha(db, report.sha256);
    if (winner) return asDuplicate(winner);
    const other = await findBundle(db, report.bundleId);
    if (other) return other.sha256 === report.sha256 ? asDuplicate(other) : conflictWith(other);
    throw error;
  }
}

/** The report without its findings list (stored in their own table) for the bundle row. */
/** The report as stored on the bundle: its findings are rows of their own (bundle_findings). */
function reportSummary(report: InspectReport): Record<string, unknown> {
  const { redaction } = report;
  // (The spread keeps the report's key order: `redaction` is replaced where it stands.)
  return redactDeep({ ...report, redaction: { clean: redaction.clean, counts: redaction.counts, truncated: redaction.truncated } });
}

/** Links an unassigned bundle (from the watched folder) to a ticket. */
export async function linkBundle(db: AppDb, actor: Actor, bundleId: string, ticketId: number, now = new Date()): Promise<Bundle> {
  requirePermission(actor, 'bundle:upload');
  const bundle = await findBundle(db, bundleId);
  if (!bundle) throw new AppError('NOT_FOUND', `No bundle ${bundleId}.`);
  const ticket = await findTicket(db, ticketId);
  if (!ticket) throw new AppError('NOT_FOUND', `Ticket #${ticketId} does not exist.`);
  if (ticket.status === 'closed') throw new AppError('CONFLICT', `Ticket #${ticketId} is closed: reopen it (with a reason) before adding a bundle.`);
  if (bundle.ticketId === ticketId) return bundle;
  if (bundle.ticketId !== null) {
    // The bundle stays on its first ticket (consent and parsing are recorded there); this ticket
    // cites it, and it counts as this ticket's diagnostics too.
    const home = bundle.ticketId;
    await withTransaction(db, async (tx) => {
      await insertTicketEvent(tx, { ticketId, at: now, actorId: actor.id, kind: 'bundle_referenced', data: { bundleId: bundle.id, fileName: bundle.fileName, onTicket: home } });
      await markDiagnosticsGathered(tx, actor, ticketId, bundle.id, now);
      await resumeOnBundle(tx, actor.id, ticketId, bundle.id, now);
      await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'bundle.link', targetType: 'bundle', targetId: bundle.id, detail: { ticketId, onTicket: home } });
    });
    return bundle;
  }
  return withTransaction(db, async (tx) => linkToTicket(tx, actor, bundle, ticketId, now));
}

/**
 * Checklist step 3: an engineer confirms the consent that the bundle's metadata shows. Refused
 * when the metadata shows none. After this the bundle's contents may be parsed.
 */
export async function confirmConsent(db: AppDb, actor: Actor, ticketId: number, bundleId: string, now = new Date()): Promise<Bundle> {
  requirePermission(actor, 'ticket:write');
  const bundle = await findBundle(db, bundleId);
  if (!bundle || bundle.ticketId !== ticketId) throw new AppError('CONFLICT', `Bundle ${bundleId} is not linked to ticket #${ticketId}.`);
  if (bundle.state === 'purged' || bundle.state === 'purging') throw new AppError('CONFLICT', `Bundle ${bundleId} was purged.`);
  if (!bundle.consentGranted) {
    throw new AppError('CONFLICT', `The metadata of bundle ${bundleId} shows no telemetry consent (${String((bundle.metadata as { consentReason?: string }).consentReason ?? 'not granted')}): it cannot be confirmed.`);
  }
  if (bundle.consentConfirmedAt) return bundle;
  return withTransaction(db, async (tx) => {
    const confirmed = (await updateBundle(tx, bundleId, { consentConfirmedAt: now, consentConfirmedById: actor.id, state: 'active' }))!;
    await markConsentVerified(tx, actor, ticketId, bundleId, now);
    return confirmed;
  });
}

/** Span rows per insert transaction. */
const INSERT_BATCH = 20_000;

/**
 * The span index of a parse whose main thread spooled `rows` rows, and how many rows the worker
 * spooled: one index entry per row of either thread's spool, or an internal error.
 */
function checkedIndex(indexed: { spans: SpanIndex | null; runs: SpanRun[] }, rows: number): { spans: SpanIndex; workerRows: number } {
  const { spans, runs } = indexed;
  let onMain = 0;
  let workerRows = 0;
  for (const r of runs) {
    if (r.worker) workerRows += r.n;
    else onMain += r.n;
  }
  const total = onMain + workerRows;
  if (spans === null || spans.n !== total || onMain !== rows) throw new Error(`the span index holds ${spans?.n ?? 'no'} spans, ${total} in runs; the spool ${rows} of the ${onMain} read here`);
  return { spans, workerRows };
}

/** The spooled rows in read order: each run of spans from the spool of the thread that read it. */
function* rowsInReadOrder(main: SpanSpool, worker: SpanSpool | null, runs: readonly SpanRun[]): Generator<SpoolField[]> {
  const mainRows = main.read();
  const workerRows = worker?.read();
  for (const run of runs) {
    const from = run.worker ? workerRows : mainRows;
    for (let k = 0; k < run.n; k++) {
      const row = from?.next();
      if (!row || row.done) throw new Error(`span spool: fewer rows than spans read by the ${run.worker ? 'worker' : 'main'} thread`);
      yield row.value;
    }
  }
}

/** Thrown inside a parse that another instance took over. */
class ParseTakenOver extends Error {}

/**
 * Parses a consented, confirmed bundle into spans, series and findings. All or nothing: on any
 * problem the parsed rows are removed and the bundle shows why.
 */
export async function parseBundle(deps: IngestDeps, bundleId: string, onProgress?: (fraction: number) => void): Promise<Bundle> {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const bundle = await findBundle(db, bundleId);
  if (!bundle) throw new AppError('NOT_FOUND', `No bundle ${bundleId}.`);
  if (!bundle.consentGranted || !bundle.consentConfirmedAt) throw new AppError('CONFLICT', `Consent for bundle ${bundleId} is not confirmed: its contents are not parsed.`);
  if (bundle.parseState === 'parsed') return bundle;
  if (!bundle.storagePath) throw new AppError('CONFLICT', `Bundle ${bundleId} has no stored file.`);

  // One parser per bundle across instances: take the parse unless a live instance holds it.
  const owner = deps.instanceId ?? LOCAL_INSTANCE;
  if (bundle.parseState === 'parsing' && bundle.parseOwner && bundle.parseOwner !== owner) {
    const live = await liveInstanceIds(db, new Date(Date.now() - (deps.instanceStaleSeconds ?? 30) * 1000));
    if (live.has(bundle.parseOwner)) return bundle;
  }
  if (!(await claimParse(db, bundleId, owner, bundle.parseOwner))) return (await findBundle(db, bundleId))!;
  await deleteBundleContents(db, bundleId);
  // Set when another instance took the parse over (this one was taken for dead): stop, and leave
  // its rows alone.
  let lost = false;
  const stillMine = async (changes: Partial<Bundle> = { parseOwner: owner }) => {
    if (!lost && !(await updateOwnedParse(db, bundleId, owner, changes))) lost = true;
    return !lost;
  };

  // The span statistics' index holds the tree's columns (and the timeline skeleton's) in memory;
  // the rest of each row goes to a spool and is inserted once the tree is laid out, with positions.
  const indexed: { spans: SpanIndex | null; runs: SpanRun[] } = { spans: null, runs: [] };
  const spool = new SpanSpool(incomingPath(deps.storage, `${bundleId}.spans.spool`));
  // Spans read on inspect's worker thread are spooled there, to this file.
  const workerSpoolPath = incomingPath(deps.storage, `${bundleId}.spans.worker.spool`);
  let workerSpool: SpanSpool | null = null;
  let skeleton: SkeletonJob | null = null;
  const redactor = new SpanRedactor();
  // The reader calls back synchronously; the writes made meanwhile (log lines, series, progress)
  // are async: chained in order, waited for between chunks (`drain`), the first failure stops it.
  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const write = (run: () => Promise<void>) => {
    writes = writes.then(() => (writeError ? undefined : run())).catch((error) => { writeError ??= error; });
  };
  const drain = async () => {
    await writes;
    if (writeError) throw writeError;
  };
  let lastWrite = 0;
  let seriesIdx = 0;
  let logSeq = 0;
  try {
    const report = await withBundleFile(deps.storage, bundle.storagePath, (plainPath) => inspectBundle(plainPath, {
      fileName: bundle.fileName,
      limits: deps.limits,
      onSpan: (span) => {
        if (lost) throw new ParseTakenOver();
        spool.append(spanDetails(span, redactor));
      },
      onSpanIndex: (spans, runs) => {
        indexed.spans = spans;
        indexed.runs = runs;
      },
      threads: 2,
      workerSpool: workerSpoolPath,
      ...deps.inspect,
      onRestart: async () => {
        // The one-thread reading starts again from nothing: rows written so far go.
        await drain();
        if (!(await stillMine())) throw new ParseTakenOver();
        await deleteBundleContents(db, bundleId);
        spool.reset();
        rmSync(workerSpoolPath, { force: true });
        seriesIdx = 0;
        logSeq = 0;
      },
      onLogLines: (lines) => {
        const rows = lines.map((line) => logRow(bundleId, logSeq++, line));
        write(() => insertLogLines(db, rows));
      },
      onSeries: (s) => {
        const row = { bundleId, idx: seriesIdx++, name: redactText(s.name, null), unit: redactText(s.unit, null), labels: redactDeep(s.labels), points: s.points };
        write(() => insertSeries(db, [row]));
      },
      drain,
      onProgress: (fraction) => {
        onProgress?.(fraction * 0.9);
        if (Date.now() - lastWrite < 250) return;
        lastWrite = Date.now();
        write(async () => { await stillMine({ parseProgress: fraction * 0.9 }); });
      },
    }));
    await drain();
    if (!(await stillMine())) throw new ParseTakenOver();
    const problems = report.problems;
    if (problems.length > 0) {
      await withTransaction(db, async (tx) => {
        await deleteBundleContents(tx, bundleId);
        await updateBundle(tx, bundleId, { parseState: 'failed', parseProgress: 1, parseError: problems.map((p) => `${p.code}: ${p.message}`).join('; ').slice(0, 2000), valid: false, problems, parseOwner: null });
      });
      return (await findBundle(db, bundleId))!;
    }

    const { spans, workerRows } = checkedIndex(indexed, spool.rows);
    if (workerRows > 0) workerSpool = new SpanSpool(workerSpoolPath, workerRows);
    const layout = layoutSpans(spans);
    const n = spans.n;
    // The skeleton is built on a thread of its own while this one inserts the rows.
    skeleton = startSkeleton(spans, layout);
    const restore = bulkLoadSettings(db);
    try {
      // The wide rows, read back from the spool with their tree columns, a transaction at a time;
      // rows are built as the insert takes them, so only one statement's worth is alive at once.
      const spooled = rowsInReadOrder(spool, workerSpool, indexed.runs);
      let seq = 0;
      function* batch(): Generator<SpanRowValues> {
        const end = Math.min(n, seq + INSERT_BATCH);
        for (; seq < end; seq++) {
          const f = spooled.next().value as SpoolField[];
          const p = layout.parentSeq[seq]!;
          const [service, name] = spans.ops[spans.op[seq]!]!;
          yield [
            seq, layout.pos[seq]!, layout.depth[seq]!, layout.subtreeSize[seq]!, p >= 0 ? p : null,
            spans.traceIds[spans.trace[seq]!]!, spans.spanIds.at(seq), spans.parentSpanIds.at(seq) || null, service, name, f[0]!, spans.startUs[seq]!, spans.durationUs[seq]!,
            spans.error[seq]!, f[1]!, f[2]!, f[3]!, f[4]!, f[5]!,
          ];
        }
      }
      while (seq < n) {
        await withTransaction(db, () => insertSpans(db, bundleId, batch()));
        if (!(await stillMine({ parseProgress: 0.9 + 0.09 * (seq / Math.max(n, 1)) }))) throw new ParseTakenOver();
      }
    } finally {
      restore();
    }
    const parsed = await withTransaction(db, async (tx) => {
      await insertFindings(tx, report.redaction.findings.map((f) => ({ bundleId, entry: f.entry, pointer: f.pointer, line: f.line, category: f.category, preview: f.preview })));
      const parsed = (await updateBundle(tx, bundleId, {
        parseState: 'parsed',
        parseProgress: 1,
        parsedAt: now(),
        spanCount: n,
        report: reportSummary(report),
        retentionDays: report.retentionDays,
        valid: true,
        problems: [],
        parseOwner: null,
      }))!;
      await appendAudit(tx, { at: now(), actorEmail: 'system', action: 'bundle.parsed', targetType: 'bundle', targetId: bundleId, detail: { spans: n } });
      return parsed;
    });
    // The timeline's skeleton, from the columns in memory, rather than read back on the first visit.
    await writeSkeleton(db, bundleId, await skeleton.result(), now());
    return parsed;
  } catch (error) {
    if (error instanceof ParseTakenOver || !(await stillMine())) return (await findBundle(db, bundleId))!;
    const tampered = error instanceof AppError && error.code === 'TAMPERED';
    await withTransaction(db, async (tx) => {
      await deleteBundleContents(tx, bundleId);
      await updateBundle(tx, bundleId, {
        parseState: 'failed',
        parseProgress: 1,
        parseOwner: null,
        parseError: (tampered ? `TAMPERED: the stored bundle file failed authentication (${error.message}); it is not served` : `internal error while parsing: ${(error as Error).message}`).slice(0, 2000),
      });
      if (tampered) await appendAudit(tx, { at: now(), actorEmail: 'system', action: 'bundle.tampered', targetType: 'bundle', targetId: bundleId, detail: { reason: error.message } });
    });
    if (tampered) return (await findBundle(db, bundleId))!;
    throw error;
  } finally {
    skeleton?.cancel();
    spool.close();
    workerSpool?.close();
    rmSync(workerSpoolPath, { force: true });
  }
}
