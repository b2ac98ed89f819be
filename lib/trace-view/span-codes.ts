// A span's error code resolved against docs/errors.md, and its X.411 NDR reason and diagnostic
// codes named: what the timeline's side panel shows beside the span.
import { tryLoadErrorCatalogue } from '@/lib/bundle/errors-catalogue';

function asInt(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  return Number.isInteger(n) ? n : null;
}

export interface SpanCodes {
  errorCode: { code: string; title: string | null; remediation: string | null; known: boolean } | null;
  ndr: {
    reason: { code: number; name: string | null } | null;
    diagnostic: { code: number; name: string | null } | null;
  };
}

export function resolveSpanCodes(span: { errorCode: string | null; attributes: Record<string, unknown> }): SpanCodes {
  const catalogue = tryLoadErrorCatalogue();
  const code = span.errorCode ?? (typeof span.attributes['x400.error.code'] === 'string' ? (span.attributes['x400.error.code'] as string) : null);
  const entry = code ? catalogue.codes.find((c) => c.code === code) : undefined;
  const reason = asInt(span.attributes['x400.ndr.reason']);
  const diagnostic = asInt(span.attributes['x400.ndr.diagnostic']);
  return {
    errorCode: code ? { code, title: entry?.title ?? null, remediation: entry?.remediation ?? null, known: !!entry } : null,
    ndr: {
      reason: reason === null ? null : { code: reason, name: catalogue.ndrReasons.find((r) => r.code === reason)?.name ?? null },
      diagnostic: diagnostic === null ? null : { code: diagnostic, name: catalogue.ndrDiagnostics.find((r) => r.code === diagnostic)?.name ?? null },
    },
  };
}
