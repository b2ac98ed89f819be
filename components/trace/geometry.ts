// Virtual scrolling geometry of the waterfall: fixed row height; past a few million pixels the
// scroll range is scaled (browsers cap element heights), so 1M rows still scroll top to bottom.
export const ROW_H = 24;
const MAX_PX = 8_000_000;

export function contentHeight(rowCount: number): number {
  return Math.min(rowCount * ROW_H, MAX_PX);
}

function scaled(rowCount: number): boolean {
  return rowCount * ROW_H > MAX_PX;
}

/** The (fractional) row index at the top of the viewport. */
export function rowAtScroll(scrollTop: number, rowCount: number, viewportH: number): number {
  if (!scaled(rowCount)) return scrollTop / ROW_H;
  const maxScroll = MAX_PX - viewportH;
  const maxRow = rowCount - viewportH / ROW_H;
  return maxScroll > 0 ? (scrollTop / maxScroll) * maxRow : 0;
}

/** scrollTop that puts fractional row `row` at the top of the viewport. */
export function scrollForRow(row: number, rowCount: number, viewportH: number): number {
  if (!scaled(rowCount)) return row * ROW_H;
  const maxScroll = MAX_PX - viewportH;
  const maxRow = rowCount - viewportH / ROW_H;
  return maxRow > 0 ? (row / maxRow) * maxScroll : 0;
}

/** The pixel top of row i inside the scrolled content. */
export function rowTop(i: number, rowCount: number, scrollTop: number, viewportH: number): number {
  if (!scaled(rowCount)) return i * ROW_H;
  return scrollTop + (i - rowAtScroll(scrollTop, rowCount, viewportH)) * ROW_H;
}
