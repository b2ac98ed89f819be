// Lays a bundle's spans out as a tree: pre-order position, depth, subtree size and parent, so the
// waterfall can show and collapse 1M spans without walking them again. Roots (and orphans, whose
// parent is not in the file) come in start order, traces one after another; children by start.
import type { SpanIds } from '@/lib/bundle/span-ids';
import { sortByStart } from '@/lib/bundle/sort-spans';
import { SpanIdTable } from '@/lib/bundle/span-table';
import { sharedInt32 } from '@/lib/bundle/shared-columns';

export interface TreeLayout {
  /** pos[seq]: the span's pre-order position. */
  pos: Int32Array;
  depth: Int32Array;
  subtreeSize: Int32Array;
  /** parentSeq[seq], -1 for roots and orphans. */
  parentSeq: Int32Array;
  /** orphan[seq] = 1 when the span names a parent that is not in the file. */
  orphan: Uint8Array;
}

/**
 * The spans in read order, their traces numbered: trace[i] indexes traceIds. A parse passes the
 * span statistics' index (lib/bundle/operations.ts SpanIndex), which numbers them so.
 */
export interface NumberedTreeInput {
  trace: Int32Array;
  traceIds: readonly string[];
  spanIds: SpanIds;
  /** Each span's parent id ('' when it names none). */
  parentSpanIds: SpanIds;
  startUs: ArrayLike<number>;
  /**
   * Each span's parent as the span index resolved it (the first span of the trace with that id),
   * with the count of repeated ids. When none repeats, first and last are the same span, and the
   * parents are taken as they are rather than looked up again (~0.25 s at 1M spans).
   */
  parent?: Int32Array;
  repeatedIds?: number;
}

export function layoutSpans(input: NumberedTreeInput): TreeLayout {
  const { trace: traceOf, traceIds, spanIds, startUs } = input;
  const n = spanIds.length;
  const { parentSeq, orphan } = input.parent && input.repeatedIds === 0 ? knownParents(input, input.parent) : findParents(input);
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) if (parentSeq[i]! >= 0) childCount[parentSeq[i]!]++;

  // Children lists in one flat array (CSR), each list sorted by start time.
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i]! + childCount[i]!;
  const fill = offset.slice(0, n);
  const children = new Int32Array(offset[n]!);
  for (let i = 0; i < n; i++) if (parentSeq[i]! >= 0) children[fill[parentSeq[i]!]!++] = i;
  for (let i = 0; i < n; i++) if (childCount[i]! > 1) sortByStart(children, offset[i]!, offset[i + 1]!, startUs);

  // Roots: grouped by trace, traces in order of their first start (then of their ids), each
  // trace's roots by start.
  const traceCount = traceIds.length;
  const traceStart = new Float64Array(traceCount).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const t = traceOf[i]!;
    if (startUs[i]! < traceStart[t]!) traceStart[t] = startUs[i]!;
  }
  const traceOrder = Array.from({ length: traceCount }, (_, t) => t)
    .sort((a, b) => traceStart[a]! - traceStart[b]! || (traceIds[a]! < traceIds[b]! ? -1 : traceIds[a]! > traceIds[b]! ? 1 : 0));
  const traceRank = new Int32Array(traceCount);
  for (let r = 0; r < traceCount; r++) traceRank[traceOrder[r]!] = r;
  const roots: number[] = [];
  for (let i = 0; i < n; i++) if (parentSeq[i] === -1) roots.push(i);
  roots.sort((a, b) => traceRank[traceOf[a]!]! - traceRank[traceOf[b]!]! || startUs[a]! - startUs[b]! || a - b);

  // Positions and depths go to the skeleton thread too: in shared memory (shared-columns.ts).
  // Subtree sizes stay here (the skeleton derives them from the depths).
  const pos = sharedInt32(n).fill(-1);
  const depth = sharedInt32(n);
  const subtreeSize = new Int32Array(n).fill(1);
  let next = 0;
  // Iterative pre-order (deep traces, 10k levels, must not overflow the call stack), on one stack
  // and one visiting order shared by all roots.
  const stack = new Int32Array(n);
  const order = new Int32Array(n);
  const visit = (root: number) => {
    let top = 0;
    let placed = 0;
    stack[top++] = root;
    depth[root] = 0;
    while (top > 0) {
      const node = stack[--top]!;
      pos[node] = next++;
      order[placed++] = node;
      for (let c = offset[node + 1]! - 1; c >= offset[node]!; c--) {
        const child = children[c]!;
        // (A child already placed is a cycle's way back to the span this visit began at.)
        if (pos[child] !== -1) continue;
        depth[child] = depth[node]! + 1;
        stack[top++] = child;
      }
    }
    for (let k = placed - 1; k > 0; k--) {
      const node = order[k]!;
      subtreeSize[parentSeq[node]!] += subtreeSize[node]!;
    }
  };
  for (const root of roots) visit(root);
  // Spans caught in a parent cycle are reached from no root: break the cycle at each of them.
  for (let i = 0; i < n; i++) {
    if (pos[i] === -1) {
      parentSeq[i] = -1;
      visit(i);
    }
  }
  return { pos, depth, subtreeSize, parentSeq, orphan };
}

/** Each span's parent: a span id repeated within a trace names its last span. */
function findParents({ trace: traceOf, spanIds, parentSpanIds }: NumberedTreeInput): Pick<TreeLayout, 'parentSeq' | 'orphan'> {
  const n = spanIds.length;
  const table = new SpanIdTable(traceOf, spanIds, 'last');
  const parentSeq = sharedInt32(n).fill(-1);
  const orphan = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (parentSpanIds.isEmpty(i)) continue;
    const p = table.findId(traceOf[i]!, parentSpanIds, i);
    if (p < 0) orphan[i] = 1;
    else if (p !== i) parentSeq[i] = p;
  }
  return { parentSeq, orphan };
}

/** The same from parents already resolved, when no id repeats: not found and not itself is an orphan. */
function knownParents({ spanIds, parentSpanIds }: NumberedTreeInput, parent: Int32Array): Pick<TreeLayout, 'parentSeq' | 'orphan'> {
  const n = spanIds.length;
  const parentSeq = sharedInt32(n);
  parentSeq.set(parent);
  const orphan = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (parentSeq[i]! < 0 && !parentSpanIds.isEmpty(i) && !spanIds.equals(i, parentSpanIds, i)) orphan[i] = 1;
  }
  return { parentSeq, orphan };
}
