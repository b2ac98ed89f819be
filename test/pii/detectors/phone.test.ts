import { describe, expect, it } from 'vitest';
import { detectPhones } from '@/lib/pii/detectors/phone';
import { K_PHONE } from '@/lib/pii/keys';
import { texts } from './run';

const phones = (text: string, kf = 0) => texts((t, push) => detectPhones(t, kf, push), text);

describe('phone detector', () => {
  it.each([
    ['UK', '020 7946 0321'], ['UK mobile', '07700 900461'], ['DE', '0151 23456789'], ['FR', '06 12 34 56 78'], ['IN', '+91 98765 43210'],
    ['JP', '03-1234-5678'], ['BR', '(11) 91234-5678'], ['AU', '+61 412 345 678'], ['NL', '020-123 4567'], ['IT', '+39 06 1234 5678'],
    ['E.164', '+14155550132'], ['E.164 spaced', '+44 20 7946 0958'], ['NANP', '(415) 555-0132'],
  ])('pattern: %s %s', (_country, number) => {
    expect(phones(`reach me: ${number}.`)).toEqual([number]);
  });
  it('context words, in several languages, unlock unprefixed national numbers', () => {
    expect(phones('Teléfono: 912 345 678')).toEqual(['912 345 678']);
    expect(phones('móvil 612 34 56 78')).toEqual(['612 34 56 78']);
    expect(phones('912 345 678')).toEqual([]);
    expect(phones('4155550132', K_PHONE)).toEqual(['4155550132']);
  });
  it('validator: not timestamps, dates, versions or counters', () => {
    for (const t of ['2026-11-26T21:58:03+01:00', '26.11.2026', 'v10.2.0.1', 'took 1234567 ms', '+0000', 'Thu, 26 Nov 2026 21:58:03 +0000']) expect(phones(t), t).toEqual([]);
  });
});
