// "Redact every string of a value", once: keys are redacted as text, values with their key as
// context, arrays keep the enclosing key. Used for what the console derives from a bundle (metrics,
// series labels, span attributes at ingest) before it is shown or stored.
import { redactText } from './mask';

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
