import { describe, expect, it } from 'vitest';
import { detectIban, ibanMod97 } from '@/lib/pii/detectors/iban';
import { texts } from './run';

describe('IBAN detector', () => {
  it('validator: mod-97', () => {
    expect(ibanMod97('DE89370400440532013000')).toBe(true);
    expect(ibanMod97('DE89370400440532013001')).toBe(false);
  });
  it('pattern: compact and grouped, exact country length', () => {
    expect(texts(detectIban, 'IBAN DE89370400440532013000 ok')).toEqual(['DE89370400440532013000']);
    expect(texts(detectIban, 'CH93 0076 2011 6238 5295 7')).toEqual(['CH93 0076 2011 6238 5295 7']);
    expect(texts(detectIban, 'DE8937040044053201300')).toEqual([]); // one short
    expect(texts(detectIban, 'ZZ89370400440532013000')).toEqual([]); // no such country
  });
});
