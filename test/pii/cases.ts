// The labelled personal-data cases and their scoring (precision / recall per category).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PII_CATEGORIES, scanText, type PiiCategory } from '../../lib/bundle/pii';

export interface PiiCase {
  key: string | null;
  text: string;
  expect: PiiCategory[];
  note: string;
}

export const CASE_FILES = ['pii-cases.json', 'pii-cases-blind-2.json'] as const;

export function loadCases(file?: (typeof CASE_FILES)[number]): PiiCase[] {
  const files = file ? [file] : CASE_FILES;
  return files.flatMap((f) => JSON.parse(readFileSync(fileURLToPath(new URL(`../fixtures/${f}`, import.meta.url)), 'utf8')) as PiiCase[]);
}

interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export function evaluate(cases: PiiCase[]) {
  const overall: Tally = { tp: 0, fp: 0, fn: 0 };
  const per = new Map<PiiCategory, Tally>(PII_CATEGORIES.map((c) => [c, { tp: 0, fp: 0, fn: 0 }]));
  const errors: string[] = [];
  for (const c of cases) {
    const found = new Set(scanText(c.text, c.key).map((m) => m.category));
    const want = new Set(c.expect);
    for (const cat of found) {
      const t = per.get(cat)!;
      if (want.has(cat)) {
        t.tp++;
        overall.tp++;
      } else {
        t.fp++;
        overall.fp++;
        errors.push(`FP ${cat}: key=${JSON.stringify(c.key)} text=${JSON.stringify(c.text.slice(0, 140))} (${c.note})`);
      }
    }
    for (const cat of want) {
      if (!found.has(cat)) {
        per.get(cat)!.fn++;
        overall.fn++;
        errors.push(`FN ${cat}: key=${JSON.stringify(c.key)} text=${JSON.stringify(c.text.slice(0, 140))} (${c.note})`);
      }
    }
  }
  const p = (t: Tally) => (t.tp + t.fp === 0 ? 1 : t.tp / (t.tp + t.fp));
  const r = (t: Tally) => (t.tp + t.fn === 0 ? 1 : t.tp / (t.tp + t.fn));
  return { overall, per, errors, precision: p(overall), recall: r(overall), p, r };
}
