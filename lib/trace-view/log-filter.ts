// The logs view's filter as it lives in the URL (`?level=error,warn&q=bounce&from=<ms>&to=<ms>`):
// parsed and checked once here for the page and its API, and written back for links.

export interface LogViewFilter {
  levels: string[];
  text: string;
  /** Epoch ms, inclusive; fractional allowed. */
  fromMs: number | null;
  toMs: number | null;
}

type Params = URLSearchParams | Record<string, string | string[] | undefined>;

function get(params: Params, key: string): string | undefined {
  if (params instanceof URLSearchParams) return params.getAll(key).join(',') || undefined;
  const v = params[key];
  return Array.isArray(v) ? v.join(',') : v;
}

function time(raw: string | undefined): number | null {
  if (raw === undefined || raw === '') return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return n;
  const parsed = Date.parse(raw);
  return Number.isNaN(parsed) ? null : parsed;
}

export function parseLogFilter(params: Params): LogViewFilter {
  const levels = (get(params, 'level') ?? '').split(',').map((l) => l.trim().toLowerCase()).filter((l) => /^[\w.-]{1,32}$/.test(l));
  const text = (get(params, 'q') ?? '').slice(0, 200);
  let fromMs = time(get(params, 'from'));
  let toMs = time(get(params, 'to'));
  if (fromMs !== null && toMs !== null && fromMs > toMs) [fromMs, toMs] = [toMs, fromMs];
  return { levels: [...new Set(levels)], text, fromMs, toMs };
}

/** The filter as query parameters (only the ones set). */
export function logFilterQuery(f: Partial<LogViewFilter>): URLSearchParams {
  const q = new URLSearchParams();
  if (f.levels?.length) q.set('level', f.levels.join(','));
  if (f.text) q.set('q', f.text);
  if (f.fromMs !== null && f.fromMs !== undefined) q.set('from', String(f.fromMs));
  if (f.toMs !== null && f.toMs !== undefined) q.set('to', String(f.toMs));
  return q;
}
