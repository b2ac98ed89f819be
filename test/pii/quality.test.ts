// Precision / recall of the personal-data scanner on the labelled sets: test/fixtures/pii-cases.json
// and test/fixtures/pii-cases-blind-2.json (written blind, before the scanner was read).
// Counted per case at category level: TP = expected category found, FP = found but not expected,
// FN = expected but not found. Bar: precision >= 0.98, recall >= 0.95.
import { describe, expect, it } from 'vitest';
import { PII_CATEGORIES } from '../../lib/bundle/pii';
import { CASE_FILES, evaluate, loadCases } from './cases';

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
