// Lays a bundle's spans out as a tree: pre-order position, depth, subtree size and parent, so the
// waterfall can show and collapse 1M spans without walking them again. Roots (and orphans, whose
// parent is not in the file) come in start order, traces one after another; children by start.

export interface TreeInput {
  traceId: string[];
  spanId: string[];
  parentSpanId: (string | null)[];
  startUs: number[];
}

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

export function layoutTree(input: TreeInput): TreeLayout {
  const n = input.spanId.length;
  const { traceId, spanId } = input;
  // Span id -> the last span with it. Keyed by the span id alone (no million "trace/span" strings
  // built); a span id met in two traces is looked up by trace too, in a map of its own.
  const bySpan = new Map<string, number>();
  let shared: Set<string> | null = null;
  for (let i = 0; i < n; i++) {
    const s = spanId[i]!;
    const prev = bySpan.get(s);
    if (prev !== undefined && traceId[prev] !== traceId[i]) (shared ??= new Set()).add(s);
    bySpan.set(s, i);
  }
  let byTraceSpan: Map<string, number> | null = null;
  if (shared) {
    byTraceSpan = new Map();
    for (let i = 0; i < n; i++) if (shared.has(spanId[i]!)) byTraceSpan.set(`${traceId[i]}/${spanId[i]}`, i);
  }
  const find = (trace: string, span: string): number | undefined => {
    if (byTraceSpan && shared!.has(span)) return byTraceSpan.get(`${trace}/${span}`);
    const i = bySpan.get(span);
    return i !== undefined && traceId[i] === trace ? i : undefined;
  };

  const parentSeq = new Int32Array(n).fill(-1);
  const orphan = new Uint8Array(n);
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const parent = input.parentSpanId[i];
    if (!parent) continue;
    const p = find(traceId[i]!, parent);
    if (p === undefined || p === i) orphan[i] = p === undefined ? 1 : 0;
    else {
      parentSeq[i] = p;
      childCount[p]++;
    }
  }

  // Children lists in one flat array (CSR), each list sorted by start time.
  const offset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offset[i + 1] = offset[i]! + childCount[i]!;
  const fill = offset.slice(0, n);
  const children = new Int32Array(offset[n]!);
  for (let i = 0; i < n; i++) if (parentSeq[i]! >= 0) children[fill[parentSeq[i]!]!++] = i;
  const byStart = (a: number, b: number) => input.startUs[a]! - input.startUs[b]! || a - b;
  for (let i = 0; i < n; i++) {
    if (childCount[i]! > 1) children.subarray(offset[i], offset[i + 1]).sort(byStart);
  }

  // Roots: grouped by trace (traces in order of their first start), then by start.
  const traceStart = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const t = traceId[i]!;
    const s = input.startUs[i]!;
    const known = traceStart.get(t);
    if (known === undefined || s < known) traceStart.set(t, s);
  }
  const roots: number[] = [];
  for (let i = 0; i < n; i++) if (parentSeq[i] === -1) roots.push(i);
  // Each root's trace start looked up once, not at every comparison.
  const rootTraceStart = new Float64Array(n);
  for (const r of roots) rootTraceStart[r] = traceStart.get(traceId[r]!)!;
  roots.sort((a, b) => {
    const ta = traceId[a]!;
    const tb = traceId[b]!;
    if (ta !== tb) return rootTraceStart[a]! - rootTraceStart[b]! || (ta < tb ? -1 : 1);
    return byStart(a, b);
  });

  const pos = new Int32Array(n).fill(-1);
  const depth = new Int32Array(n);
  const subtreeSize = new Int32Array(n).fill(1);
  let next = 0;
  const stack: number[] = [];
  const visit = (root: number) => {
    // Iterative pre-order: deep traces (10k levels) must not overflow the call stack.
    stack.push(root);
    depth[root] = 0;
    const order: number[] = [];
    while (stack.length) {
      const node = stack.pop()!;
      if (pos[node] !== -1) continue;
      pos[node] = next++;
      order.push(node);
      for (let c = offset[node + 1]! - 1; c >= offset[node]!; c--) {
        const child = children[c]!;
        depth[child] = depth[node]! + 1;
        stack.push(child);
      }
    }
    for (let k = order.length - 1; k >= 0; k--) {
      const node = order[k]!;
      const p = parentSeq[node]!;
      if (p >= 0 && pos[p] !== -1 && pos[p]! < pos[node]!) subtreeSize[p] += subtreeSize[node]!;
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
