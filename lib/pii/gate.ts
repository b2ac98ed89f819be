// A literal gate: does a text contain one of many short literals? One pass over the text with a
// two-character index (no regex alternation, whose cost grows with the number of literals), so a
// detector with a long table costs the scanner one cheap check on strings that cannot match.

export interface GateLiteral {
  text: string;
  /** Extra check at the position where the literal starts (sticky regex), for short literals. */
  verify?: RegExp;
}

export class LiteralGate {
  /** Folded first character of some literal, else 0 (ASCII only). */
  private readonly first = new Uint8Array(128);
  /** (folded first << 7 | folded second) -> 1 + index into `lists`, 0 when no literal starts so. */
  private readonly table = new Uint16Array(128 * 128);
  private readonly lists: GateLiteral[][] = [];
  private readonly fold = new Uint8Array(128);

  constructor(literals: readonly (string | GateLiteral)[], private readonly ignoreCase = false) {
    for (let c = 0; c < 128; c++) this.fold[c] = ignoreCase && c >= 65 && c <= 90 ? c | 0x20 : c;
    for (const l of literals) {
      const lit = typeof l === 'string' ? { text: l } : l;
      if (lit.text.length < 2 || /[^\x00-\x7f]/.test(lit.text)) throw new Error(`gate literal must be 2+ ASCII characters: ${lit.text}`);
      const t = ignoreCase ? { ...lit, text: lit.text.toLowerCase() } : lit;
      const a = this.fold[t.text.charCodeAt(0)];
      const b = this.fold[t.text.charCodeAt(1)];
      this.first[a] = a;
      const key = (a << 7) | b;
      if (this.table[key] === 0) {
        this.lists.push([]);
        this.table[key] = this.lists.length;
      }
      this.lists[this.table[key] - 1].push(t);
    }
    // upper-case letters reach their lower-case row when folding
    if (ignoreCase) for (let c = 65; c <= 90; c++) this.first[c] = this.first[c | 0x20];
  }

  test(text: string): boolean {
    const n = text.length - 1;
    const first = this.first;
    const fold = this.fold;
    const table = this.table;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c >= 128) continue;
      const a = first[c];
      if (a === 0) continue;
      const d = text.charCodeAt(i + 1);
      if (d >= 128) continue;
      const slot = table[(a << 7) | fold[d]];
      if (slot === 0) continue;
      if (this.check(text, i, this.lists[slot - 1])) return true;
    }
    return false;
  }

  private check(text: string, i: number, list: GateLiteral[]): boolean {
    for (const lit of list) {
      if (!this.matchesAt(text, i, lit.text)) continue;
      if (lit.verify) {
        lit.verify.lastIndex = i;
        if (!lit.verify.test(text)) continue;
      }
      return true;
    }
    return false;
  }

  private matchesAt(text: string, i: number, lit: string): boolean {
    if (!this.ignoreCase) return text.startsWith(lit, i);
    if (i + lit.length > text.length) return false;
    const fold = this.fold;
    for (let k = 2; k < lit.length; k++) {
      const c = text.charCodeAt(i + k);
      if ((c < 128 ? fold[c] : c) !== lit.charCodeAt(k)) return false;
    }
    return true;
  }
}
