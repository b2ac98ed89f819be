// Finding a span by (trace, span id) among a million: an open-addressing table of span indexes
// over trace numbers and the id strings. A Map keyed by a million id strings (or by
// `${trace}/${span}` strings built for it) cost seconds in allocation and rehashing.

export class SpanIdTable {
  private readonly mask: number;
  private readonly table: Int32Array;

  /**
   * traceOf[s]: span s's trace number; spanId[s]: its id. When two spans share both, `keep` says
   * which one the table finds.
   */
  constructor(
    private readonly traceOf: Int32Array,
    private readonly spanId: readonly string[],
    keep: 'first' | 'last',
  ) {
    const n = spanId.length;
    const bits = Math.max(4, 32 - Math.clz32(n * 2));
    this.mask = (1 << bits) - 1;
    this.table = new Int32Array(this.mask + 1).fill(-1);
    const table = this.table;
    for (let s = 0; s < n; s++) {
      const t = traceOf[s]!;
      const id = spanId[s]!;
      for (let at = this.slot(t, id); ; at = (at + 1) & this.mask) {
        const o = table[at]!;
        if (o < 0) { table[at] = s; break; }
        if (traceOf[o] === t && spanId[o] === id) {
          if (keep === 'last') table[at] = s;
          break;
        }
      }
    }
  }

  /** The span of trace number `t` with span id `id`, or -1. */
  find(t: number, id: string): number {
    const { table, traceOf, spanId, mask } = this;
    for (let at = this.slot(t, id); ; at = (at + 1) & mask) {
      const o = table[at]!;
      if (o < 0) return -1;
      if (traceOf[o] === t && spanId[o] === id) return o;
    }
  }

  private slot(t: number, id: string): number {
    let h = Math.imul(t + 1, 0x9e3779b1);
    for (let c = 0; c < id.length; c++) h = Math.imul(h ^ id.charCodeAt(c), 0x01000193);
    return (h ^ (h >>> 15)) & this.mask;
  }
}
