// Messages between inspect's main thread and its worker (lib/bundle/parallel/worker.ts).

import type { BundleLimits } from '../archive';
import type { MetricsState } from '../metrics';
import type { OperationsPartial } from '../operations';
import type { OffloadedBatch } from '../trace/reader';
import type { SeqFindings } from './findings';

export interface WorkerInit {
  limits: Partial<BundleLimits>;
  ndrReasons: { code: number; name: string }[];
  ndrDiagnostics: { code: number; name: string }[];
  /** OTLP span records are read straight from their bytes (otlp-fast.ts), as the main thread does. */
  fastRecords: boolean;
  /** Int32Array over it: [0] = batches finished (read by the main thread without waiting). */
  progress: SharedArrayBuffer;
  /**
   * Where to spool the stored-row details (lib/ingest/spans.ts spanDetails) of the spans read
   * here, in read order, for a parse into the database; null to spool nothing.
   */
  spool: string | null;
}

export interface SnapshotMessage {
  type: 'snapshot';
  zipPath: string;
  seq: number;
  /** Stream it from this size (streamSnapshot's `fromBytes`). */
  streamFromBytes: number;
}

/** The batches of one chunk given to the worker: their bytes, and each batch's place in them. */
export interface BatchMessage {
  type: 'batches';
  bytes: Uint8Array;
  batches: (Pick<OffloadedBatch, 'kind' | 'top' | 'path' | 'first' | 'count' | 'start' | 'end' | 'service' | 'processes'> & { seq: number })[];
}

export interface FinishedMessage {
  type: 'finished';
  /** Set when any batch or the snapshot could not be read: the caller then reads on one thread. */
  failure: string | null;
  findings: SeqFindings;
  metrics: MetricsState;
  /** Span statistics' partials, one per batch, with the batch's sequence number. */
  operations: { seq: number; partial: OperationsPartial }[];
  /** Rows written to the spool (WorkerInit.spool), one per span read here. */
  spooledRows: number;
  /** null when snapshot.json was not read here or needs the whole-document reading. */
  snapshot: { findings: SeqFindings; metrics: MetricsState } | null;
}
