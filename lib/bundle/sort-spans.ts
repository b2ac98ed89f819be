// Child lists of a span tree put in start order: the tree layout's and the self-time statistics'.

/** Sorts list[from, to) by start time, then by sequence: insertion sort for the usual few children. */
export function sortByStart(list: Int32Array, from: number, to: number, startUs: ArrayLike<number>): void {
  if (to - from > 16) {
    list.subarray(from, to).sort((a, b) => startUs[a]! - startUs[b]! || a - b);
    return;
  }
  for (let i = from + 1; i < to; i++) {
    const v = list[i]!;
    const s = startUs[v]!;
    let j = i - 1;
    while (j >= from && (startUs[list[j]!]! > s || (startUs[list[j]!]! === s && list[j]! > v))) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = v;
  }
}
