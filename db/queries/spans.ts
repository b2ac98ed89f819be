// Single-span lookups by id (a span link cited in a note or task).
import { and, eq } from 'drizzle-orm';
import type { Db } from '../client';
import { spans } from '../schema';

export interface SpanFacts {
  traceId: string;
  spanId: string;
  service: string;
  name: string;
  durationUs: number;
  error: boolean;
  errorCode: string | null;
}

export async function findSpanFacts(db: Db, bundleId: string, spanId: string, traceId: string | null): Promise<SpanFacts | null> {
  const where = traceId
    ? and(eq(spans.bundleId, bundleId), eq(spans.spanId, spanId), eq(spans.traceId, traceId))
    : and(eq(spans.bundleId, bundleId), eq(spans.spanId, spanId));
  const rows = (await db
    .select({ traceId: spans.traceId, spanId: spans.spanId, service: spans.service, name: spans.name, durationUs: spans.durationUs, error: spans.error, errorCode: spans.errorCode })
    .from(spans)
    .where(where)
    .limit(1)) as SpanFacts[];
  return rows[0] ? { ...rows[0], durationUs: Number(rows[0].durationUs), error: !!rows[0].error } : null;
}
