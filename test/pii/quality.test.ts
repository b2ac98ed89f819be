// Precision / recall of the personal-data scanner on the labelled sets: test/fixtures/pii-cases.json
// and test/fixtures/pii-cases-blind-2.json (written blind, before the scanner was read).
// Counted per case at category level: TP = expected category found, FP = found but not expected,
// FN = expected but not found. Bar: precision >= 0.98, recall >= 0.95.
import { describe, expect, it } from 'vitest';
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

describe('pii scanner quality on the labelled set', () => {
  const cases = loadCases();

  it('has a large, well-formed labelled set', () => {
    expect(cases.length).toBeGreaterThanOrEqual(750);
    for (const c of cases) {
      expect(typeof c.text).toBe('string');
      expect(c.key === null || typeof c.key === 'string').toBe(true);
      for (const cat of c.expect) expect(PII_CATEGORIES).toContain(cat);
      expect(c.note.length).toBeGreaterThan(0);
    }
    const negatives = cases.filter((c) => c.expect.length === 0).length;
    expect(negatives).toBeGreaterThanOrEqual(100);
    // every category has positives
    for (const cat of PII_CATEGORIES) expect(cases.some((c) => c.expect.includes(cat)), cat).toBe(true);
  });

  it.each([...CASE_FILES, 'both sets' as const])('meets precision >= 0.98 and recall >= 0.95: %s', (file) => {
    const res = evaluate(file === 'both sets' ? cases : loadCases(file));
    const lines = [
      `${file}: tp=${res.overall.tp} fp=${res.overall.fp} fn=${res.overall.fn}`,
      `overall precision=${res.precision.toFixed(4)} recall=${res.recall.toFixed(4)}`,
      ...[...res.per.entries()].map(
        ([cat, t]) => `  ${cat.padEnd(16)} P=${res.p(t).toFixed(3)} R=${res.r(t).toFixed(3)} (tp=${t.tp} fp=${t.fp} fn=${t.fn})`,
      ),
      ...res.errors,
    ];
    console.log(lines.join('\n'));
    expect(res.precision).toBeGreaterThanOrEqual(0.98);
    expect(res.recall).toBeGreaterThanOrEqual(0.95);
  });
});
