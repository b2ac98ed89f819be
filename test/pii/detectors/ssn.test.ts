import { describe, expect, it } from 'vitest';
import { detectSsn, ssnValid } from '@/lib/pii/detectors/ssn';
import { K_SSN } from '@/lib/pii/keys';
import { texts } from './run';

const ssn = (text: string, kf = 0) => texts((t, push) => detectSsn(t, kf, push), text);

describe('US SSN detector', () => {
  it('validator: area, group and serial rules', () => {
    expect(ssnValid('078', '05', '1120')).toBe(true);
    expect(ssnValid('666', '12', '3456')).toBe(false);
    expect(ssnValid('900', '12', '3456')).toBe(false);
    expect(ssnValid('123', '00', '3456')).toBe(false);
  });
  it('pattern: dashed anywhere; spaced or compact only with a hint', () => {
    expect(ssn('ssn on file 123-45-6789')).toEqual(['123-45-6789']);
    expect(ssn('123 45 6789')).toEqual([]);
    expect(ssn('SSN 123 45 6789')).toEqual(['123 45 6789']);
    expect(ssn('123456789', K_SSN)).toEqual(['123456789']);
  });
});
