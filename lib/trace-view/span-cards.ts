// Span links pasted into a ticket note or an engineering task become cards with the span's
// non-personal facts (service, operation, duration, error code). The facts are looked up when the
// text is saved and kept with it, so a card still reads the same after the bundle is purged.
import type { Db } from '@/db/client';
import { findSpanFacts } from '@/db/queries/spans';

export interface SpanCard {
  /** The link as written in the text. */
  url: string;
  bundleId: string;
  traceId: string;
  spanId: string;
  service: string;
  operation: string;
  durationUs: number;
  error: boolean;
  errorCode: string | null;
}

export interface SpanLinkRef {
  url: string;
  bundleId: string;
  traceId: string | null;
  spanId: string;
}

const LINK = /(?:https?:\/\/[^\s/]+)?\/bundles\/([0-9a-fA-F-]{36})\/trace\?([^\s)\]]+)/g;
const HEX = /^[0-9a-f]{1,64}$/;

/** Span links in a text (absolute or site-relative), each once. */
export function findSpanLinks(text: string): SpanLinkRef[] {
  const out: SpanLinkRef[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(LINK)) {
    const q = new URLSearchParams(m[2]!);
    const spanId = q.get('span')?.toLowerCase() ?? '';
    if (!HEX.test(spanId)) continue;
    const traceId = q.get('trace')?.toLowerCase() ?? null;
    const key = `${m[1]}/${spanId}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ url: m[0], bundleId: m[1]!, traceId: traceId && HEX.test(traceId) ? traceId : null, spanId });
  }
  return out.slice(0, 20);
}

/** Cards for the span links in `text` whose spans are in the database now (others stay plain links). */
export async function spanCardsFor(db: Db, text: string): Promise<SpanCard[]> {
  const cards: SpanCard[] = [];
  for (const link of findSpanLinks(text)) {
    const facts = await findSpanFacts(db, link.bundleId, link.spanId, link.traceId);
    if (!facts) continue;
    cards.push({ url: link.url, bundleId: link.bundleId, traceId: facts.traceId, spanId: facts.spanId, service: facts.service, operation: facts.name, durationUs: facts.durationUs, error: facts.error, errorCode: facts.errorCode });
  }
  return cards;
}
