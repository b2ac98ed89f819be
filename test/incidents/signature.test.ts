// The signature matcher (lib/incidents/signature.ts): identical, overlapping, disjoint and empty
// signatures, and the ranking of related tickets by overlap.
import { describe, expect, it } from 'vitest';
import { compareSignatures, describeShared, emptySignature, rankRelated, signatureOf, type Signature, type SignatureTerm } from '@/lib/incidents/signature';

const sig = (terms: Partial<Signature>): Signature => ({ ...emptySignature(), ...terms });

const QUEUE_DOWN = sig({ error: ['X400-2101'], ndrReason: ['transfer-failure'], ndrDiagnostic: ['mts-congestion'], operation: ['x400-queue queue.enqueue'] });

describe('signatureOf', () => {
  it('keeps each kind distinct and sorted, whatever the order and repeats of the terms', () => {
    const terms: SignatureTerm[] = [
      { kind: 'operation', value: 'x400-mta mta.transfer' },
      { kind: 'error', value: 'X400-3001' },
      { kind: 'error', value: 'X400-2101' },
      { kind: 'error', value: 'X400-3001' },
      { kind: 'ndrReason', value: 'transfer-failure' },
      { kind: 'error', value: '' },
    ];
    expect(signatureOf(terms)).toEqual(sig({ error: ['X400-2101', 'X400-3001'], ndrReason: ['transfer-failure'], operation: ['x400-mta mta.transfer'] }));
  });
});

describe('compareSignatures', () => {
  it('identical signatures match with everything shared', () => {
    const m = compareSignatures(QUEUE_DOWN, sig({ ...QUEUE_DOWN }))!;
    expect(m.identical).toBe(true);
    expect(m.shared).toEqual(QUEUE_DOWN);
    expect(m.jaccard).toBe(1);
    expect(m.score).toBe(3 + 2 + 2 + 1);
  });

  it('overlapping signatures match on what they share, and say so', () => {
    const other = sig({ error: ['X400-2101', 'X400-4002'], operation: ['x400-mta mta.transfer'] });
    const m = compareSignatures(QUEUE_DOWN, other)!;
    expect(m.identical).toBe(false);
    expect(m.shared).toEqual(sig({ error: ['X400-2101'] }));
    expect(m.jaccard).toBeCloseTo(1 / 6);
    expect(describeShared(m.shared)).toBe('error code X400-2101');
    const ndrOnly = compareSignatures(QUEUE_DOWN, sig({ ndrDiagnostic: ['mts-congestion'], operation: ['x400-queue queue.enqueue'] }))!;
    expect(describeShared(ndrOnly.shared)).toBe('X.411 diagnostic mts-congestion; failing operation x400-queue queue.enqueue');
  });

  it('disjoint signatures do not match; nor does a shared operation alone when either has codes', () => {
    expect(compareSignatures(QUEUE_DOWN, sig({ error: ['X400-9999'], operation: ['x400-ui ui.request'] }))).toBeNull();
    expect(compareSignatures(QUEUE_DOWN, sig({ error: ['X400-9999'], operation: ['x400-queue queue.enqueue'] }))).toBeNull();
    expect(compareSignatures(QUEUE_DOWN, sig({ operation: ['x400-queue queue.enqueue'] }))).toBeNull();
  });

  it('two signatures without codes match on a shared failing operation', () => {
    const m = compareSignatures(sig({ operation: ['x400-mta mta.transfer', 'x400-ui ui.request'] }), sig({ operation: ['x400-mta mta.transfer'] }))!;
    expect(m.shared.operation).toEqual(['x400-mta mta.transfer']);
    expect(m.identical).toBe(false);
  });

  it('an empty signature matches nothing, not even another empty one', () => {
    expect(compareSignatures(emptySignature(), emptySignature())).toBeNull();
    expect(compareSignatures(emptySignature(), QUEUE_DOWN)).toBeNull();
    expect(compareSignatures(QUEUE_DOWN, emptySignature())).toBeNull();
  });
});

describe('rankRelated', () => {
  it('puts identical first, then by weighted overlap, then closeness, then the newer ticket; leaves out itself and the unrelated', () => {
    const ranked = rankRelated(1, QUEUE_DOWN, [
      { ticketId: 1, signature: QUEUE_DOWN },
      { ticketId: 2, signature: sig({ error: ['X400-2101'] }) },
      { ticketId: 3, signature: sig({ error: ['X400-2101'], ndrReason: ['transfer-failure'], operation: ['x400-ui ui.request'] }) },
      { ticketId: 4, signature: sig({ ...QUEUE_DOWN }) },
      { ticketId: 5, signature: sig({ error: ['X400-9999'] }) },
      { ticketId: 6, signature: sig({ error: ['X400-2101'], operation: ['x400-ui ui.request', 'x400-cli cli.command'] }) },
      { ticketId: 7, signature: sig({ error: ['X400-2101'] }) },
      { ticketId: 8, signature: emptySignature() },
    ]);
    // 4 identical; 3 shares a code and an NDR reason (score 5); 2 and 7 share one code with
    // nothing else (Jaccard 1/4, the newer first), 6 the same code among more terms (1/6).
    expect(ranked.map((r) => r.ticketId)).toEqual([4, 3, 7, 2, 6]);
    expect(ranked[0].identical).toBe(true);
    expect(rankRelated(1, QUEUE_DOWN, [{ ticketId: 2, signature: QUEUE_DOWN }, { ticketId: 3, signature: QUEUE_DOWN }], 1).map((r) => r.ticketId)).toEqual([3]);
  });
});
