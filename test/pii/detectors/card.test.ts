import { describe, expect, it } from 'vitest';
import { cardIssuerOk, detectCardsAndImei } from '@/lib/pii/detectors/card';
import { K_MEASURE } from '@/lib/pii/keys';
import { luhn } from '@/lib/pii/values';
import { run } from './run';

const cards = (text: string, kf = 0) => run((t, push) => detectCardsAndImei(t, kf, push, /^\d+$/.test(t)), text);

describe('card and IMEI detector', () => {
  it('validators: Luhn and issuer prefix + length', () => {
    expect(luhn('4111111111111111')).toBe(true);
    expect(luhn('4111111111111112')).toBe(false);
    expect(cardIssuerOk('4111111111111111')).toBe(true);
    expect(cardIssuerOk('1764194283123456')).toBe(false); // epoch ms: no issuer starts with 1
  });
  it('pattern: separated and compact cards', () => {
    expect(cards('paid with 4111 1111 1111 1111')).toEqual([['credit_card', '4111 1111 1111 1111']]);
    expect(cards('amex 3714-496353-98431')).toEqual([['credit_card', '3714-496353-98431']]);
  });
  it('numbers under measuring keys, or named / followed by a unit in text, are never cards', () => {
    expect(cards('4111111111111111', K_MEASURE)).toEqual([]);
    for (const t of ['{"size":4539578763621486,"unit":"B"}', 'total=4539578763621486', 'WHERE size > 4111111111111111', 'heap used 4024007151008207 bytes']) expect(cards(t), t).toEqual([]);
    expect(cards('card=4111111111111111')).toHaveLength(1);
  });
  it('IMEI: separated form, or compact with a hint', () => {
    expect(cards('35-209900-176148-1')).toEqual([['imei', '35-209900-176148-1']]);
    expect(cards('IMEI 352099001761481')).toEqual([['imei', '352099001761481']]);
  });
});
