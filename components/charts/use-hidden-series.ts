'use client';
// Click a legend entry to hide its series, click again to show it (Recharts' Legend onClick).
import { useCallback, useState } from 'react';

export function useHiddenSeries() {
  const [hidden, setHidden] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = useCallback((key: string) => {
    setHidden((prev) => {
      const next = new Set(prev);
      if (next.has(key)) next.delete(key);
      else next.add(key);
      return next;
    });
  }, []);
  /** Props for <Legend>: the click handler and a pointer cursor. */
  const legendProps = {
    onClick: (entry: { dataKey?: unknown }) => {
      if (typeof entry.dataKey === 'string') toggle(entry.dataKey);
    },
    wrapperStyle: { fontSize: 12, cursor: 'pointer' },
  };
  return { hidden, toggle, legendProps };
}
