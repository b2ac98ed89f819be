// Runs one detector on a text and returns what it reported, as [category, matched text] pairs.
import type { PiiCategory, Push } from '@/lib/pii/types';

export function run(detect: (text: string, push: Push) => void, text: string): [PiiCategory, string][] {
  const out: [PiiCategory, string][] = [];
  detect(text, (category, start, end) => out.push([category, text.slice(start, end)]));
  return out;
}

/** The matched texts only. */
export function texts(detect: (text: string, push: Push) => void, text: string): string[] {
  return run(detect, text).map(([, t]) => t);
}
