// Finding a span by (trace, span id) among a million: an open-addressing table of span indexes
// over trace numbers and the id columns (lib/bundle/span-ids.ts). A Map keyed by a million id
// strings (or by `${trace}/${span}` strings built for it) cost seconds in allocation and rehashing.
import { hashString, type SpanIds } from './span-ids';

const traceHash = (t: number) => Math.imul(t + 1, 0x9e3779b1);

export class SpanIdTable {
  private readonly mask: number;
  private readonly table: Int32Array;
  /** Spans whose trace and id an earlier span has too (counted as the table is built). */
  repeated = 0;

  /**
   * traceOf[s]: span s's trace number; spanIds.at(s): its id. When two spans share both, `keep`
   * says which one the table finds.
   */
  constructor(
    private readonly traceOf: Int32Array,
    private readonly spanIds: SpanIds,
    keep: 'first' | 'last',
  ) {
    const n = spanIds.length;
    const bits = Math.max(4, 32 - Math.clz32(n * 2));
    this.mask = (1 << bits) - 1;
    this.table = new Int32Array(this.mask + 1).fill(-1);
    const table = this.table;
    for (let s = 0; s < n; s++) {
      const t = traceOf[s]!;
      for (let at = this.slot(spanIds.hash(s, traceHash(t))); ; at = (at + 1) & this.mask) {
        const o = table[at]!;
        if (o < 0) { table[at] = s; break; }
        if (traceOf[o] === t && spanIds.equals(o, spanIds, s)) {
          if (keep === 'last') table[at] = s;
          this.repeated++;
          break;
        }
      }
    }
  }

  /** The span of trace number `t` with span id `id`, or -1. */
  find(t: number, id: string): number {
    const { table, traceOf, spanIds, mask } = this;
    for (let at = this.slot(hashString(id, traceHash(t))); ; at = (at + 1) & mask) {
      const o = table[at]!;
      if (o < 0) return -1;
      if (traceOf[o] === t && spanIds.is(o, id)) return o;
    }
  }

  /** The span of trace number `t` whose id is id `j` of `ids` (a parent id column, say), or -1. */
  findId(t: number, ids: SpanIds, j: number): number {
    const { table, traceOf, spanIds, mask } = this;
    for (let at = this.slot(ids.hash(j, traceHash(t))); ; at = (at + 1) & mask) {
      const o = table[at]!;
      if (o < 0) return -1;
      if (traceOf[o] === t && spanIds.equals(o, ids, j)) return o;
    }
  }

  private slot(h: number): number {
    return (h ^ (h >>> 15)) & this.mask;
  }
}
