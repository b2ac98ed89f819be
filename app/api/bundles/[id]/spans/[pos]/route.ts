// GET /api/bundles/:id/spans/:pos: one span's detail for the timeline's side panel, with its
// x400.error.code resolved against docs/errors.md, X.411 NDR codes named, and the log lines
// written inside it (attrs.trace_id + attrs.span_id).
import { logLinesOfSpan } from '@/db/queries/logs';
import { tryLoadErrorCatalogue } from '@/lib/bundle/errors-catalogue';
import { getDb } from '@/lib/server/db';
import { spanAt } from '@/lib/trace-view/store';
import { parsedBundleFor } from '../../access';

function asInt(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
}

export async function GET(request: Request, { params }: { params: Promise<{ id: string; pos: string }> }) {
  const { id, pos } = await params;
  const bundle = await parsedBundleFor(request, id);
  if (bundle instanceof Response) return bundle;
  const p = Number(pos);
  if (!Number.isInteger(p) || p < 0) return Response.json({ error: 'pos must be a whole number' }, { status: 400 });
  const span = await spanAt(getDb(), bundle.id, p);
  if (!span) return Response.json({ error: `No span at ${p}.` }, { status: 404 });
  const catalogue = tryLoadErrorCatalogue();
  const code = span.errorCode ?? (typeof span.attributes['x400.error.code'] === 'string' ? (span.attributes['x400.error.code'] as string) : null);
  const entry = code ? catalogue.codes.find((c) => c.code === code) : undefined;
  const reason = asInt(span.attributes['x400.ndr.reason']);
  const diagnostic = asInt(span.attributes['x400.ndr.diagnostic']);
  const logs = await logLinesOfSpan(getDb(), bundle.id, span.traceId, span.spanId, 100);
  return Response.json({
    span,
    logs: logs.map((l) => ({ lineNo: l.lineNo, tsUs: l.tsUs, level: l.level, msg: l.msg })),
    errorCode: code ? { code, title: entry?.title ?? null, remediation: entry?.remediation ?? null, known: !!entry } : null,
    ndr: {
      reason: reason === null ? null : { code: reason, name: catalogue.ndrReasons.find((r) => r.code === reason)?.name ?? null },
      diagnostic: diagnostic === null ? null : { code: diagnostic, name: catalogue.ndrDiagnostics.find((r) => r.code === diagnostic)?.name ?? null },
    },
  });
}
