// The signature of a ticket: what its bundles' evidence says went wrong (the gateway's error codes,
// the X.411 non-delivery reason and diagnostic codes, and the failing operations: service +
// operation with error spans), and how two signatures compare. Pure: the terms come from
// db/queries/incidents.ts (the bundles' stored metrics), the suggestions are ranked here.

export const SIGNATURE_KINDS = ['error', 'ndrReason', 'ndrDiagnostic', 'operation'] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];

/** One fact of the evidence: `X400-2003`, an NDR name (`unable-to-transfer`), `x400-mta mta.transfer`. */
export interface SignatureTerm {
  kind: SignatureKind;
  value: string;
}

export type Signature = Record<SignatureKind, string[]>;

export const SIGNATURE_LABELS: Record<SignatureKind, string> = {
  error: 'error code',
  ndrReason: 'X.411 reason',
  ndrDiagnostic: 'X.411 diagnostic',
  operation: 'failing operation',
};

/** A code counts more than an operation: many incidents fail in mta.transfer, few share X400-2003. */
const WEIGHT: Record<SignatureKind, number> = { error: 3, ndrReason: 2, ndrDiagnostic: 2, operation: 1 };

export function emptySignature(): Signature {
  return { error: [], ndrReason: [], ndrDiagnostic: [], operation: [] };
}

/** Terms (in any order, duplicates allowed) as a signature: each kind's values distinct and sorted. */
export function signatureOf(terms: readonly SignatureTerm[]): Signature {
  const sets = { error: new Set<string>(), ndrReason: new Set<string>(), ndrDiagnostic: new Set<string>(), operation: new Set<string>() };
  for (const t of terms) if (t.value) sets[t.kind].add(t.value);
  const out = emptySignature();
  for (const kind of SIGNATURE_KINDS) out[kind] = [...sets[kind]].sort();
  return out;
}

export function isEmptySignature(s: Signature): boolean {
  return SIGNATURE_KINDS.every((k) => s[k].length === 0);
}

const hasCodes = (s: Signature) => s.error.length + s.ndrReason.length + s.ndrDiagnostic.length > 0;
const size = (s: Signature) => SIGNATURE_KINDS.reduce((n, k) => n + s[k].length, 0);

export interface SignatureMatch {
  /** What both signatures hold, by kind. */
  shared: Signature;
  /** Same terms exactly (and not empty). */
  identical: boolean;
  /** Shared terms, weighted by kind (codes above operations). */
  score: number;
  /** Shared terms over all distinct terms of both, 0..1. */
  jaccard: number;
}

/**
 * How two signatures overlap, or null when they are not related: they must share an error code
 * or an X.411 code; a shared failing operation alone counts only when neither has any code
 * (two bundles failing in mta.transfer for different reasons are not the same incident).
 */
export function compareSignatures(a: Signature, b: Signature): SignatureMatch | null {
  if (isEmptySignature(a) || isEmptySignature(b)) return null;
  const shared = emptySignature();
  let score = 0;
  let count = 0;
  for (const kind of SIGNATURE_KINDS) {
    const other = new Set(b[kind]);
    shared[kind] = a[kind].filter((v) => other.has(v));
    score += shared[kind].length * WEIGHT[kind];
    count += shared[kind].length;
  }
  const sharesCode = shared.error.length + shared.ndrReason.length + shared.ndrDiagnostic.length > 0;
  if (!sharesCode && (hasCodes(a) || hasCodes(b) || shared.operation.length === 0)) return null;
  const union = size(a) + size(b) - count;
  const identical = count === size(a) && count === size(b);
  return { shared, identical, score, jaccard: union === 0 ? 0 : count / union };
}

export interface RelatedCandidate {
  ticketId: number;
  signature: Signature;
}

export interface RelatedMatch extends SignatureMatch {
  ticketId: number;
}

/**
 * The candidates related to `own`, best first: identical signatures, then the most (weighted)
 * shared terms, then the closest overall (Jaccard), then the newest ticket. `own`'s ticket and
 * unrelated candidates are left out.
 */
export function rankRelated(ownTicketId: number, own: Signature, candidates: readonly RelatedCandidate[], limit = 10): RelatedMatch[] {
  const out: RelatedMatch[] = [];
  for (const c of candidates) {
    if (c.ticketId === ownTicketId) continue;
    const m = compareSignatures(own, c.signature);
    if (m) out.push({ ticketId: c.ticketId, ...m });
  }
  out.sort((x, y) => Number(y.identical) - Number(x.identical) || y.score - x.score || y.jaccard - x.jaccard || y.ticketId - x.ticketId);
  return out.slice(0, limit);
}

/** "error code X400-2003; failing operation x400-mta mta.transfer": why two tickets look alike. */
export function describeShared(shared: Signature): string {
  return SIGNATURE_KINDS.filter((k) => shared[k].length)
    .map((k) => `${SIGNATURE_LABELS[k]}${shared[k].length > 1 ? 's' : ''} ${shared[k].join(', ')}`)
    .join('; ');
}
