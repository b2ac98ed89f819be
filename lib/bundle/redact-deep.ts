// Redacts every string of a small JSON value, keys included: for what the console derives from a
// bundle (metrics keyed by span and service names, series labels) before it is shown or stored.
import { redactText } from './pii';

export function redactDeep<T>(value: T, key: string | null = null): T {
  if (typeof value === 'string') return redactText(value, key) as T;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, key)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[redactText(k, null)] = redactDeep(v, k);
    return out as T;
  }
  return value;
}
