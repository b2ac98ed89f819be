import { describe, expect, it } from 'vitest';
import { deadline, type BusinessCalendar, type Target } from '@/lib/sla';

const NY: BusinessCalendar = {
  timeZone: 'America/New_York',
  week: {
    mon: [['09:00', '17:00']],
    tue: [['09:00', '17:00']],
    wed: [['09:00', '17:00']],
    thu: [['09:00', '17:00']],
    fri: [['09:00', '17:00']],
    sat: [],
    sun: [],
  },
  holidays: ['2025-05-26', '2025-07-04', '2025-11-27'],
};
// June/July 2025: New York is on EDT (UTC-4).
const ny = (local: string) => new Date(`${local}:00-04:00`);
const business = (minutes: number): Target => ({ kind: 'business', minutes });
const nbd: Target = { kind: 'nextBusinessDay' };

describe('worked examples of issue 5 (America/New_York, Mon–Fri 09:00–17:00)', () => {
  it('1. Wed 10:15 + business 240 → Wed 14:15', () => {
    expect(deadline(ny('2025-06-11T10:15'), business(240), NY)).toEqual(ny('2025-06-11T14:15'));
  });
  it('2. Fri 16:30 + business 240 → Mon 12:30', () => {
    expect(deadline(ny('2025-06-13T16:30'), business(240), NY)).toEqual(ny('2025-06-16T12:30'));
  });
  it('3. Fri 16:30 next business day → Mon 17:00', () => {
    expect(deadline(ny('2025-06-13T16:30'), nbd, NY)).toEqual(ny('2025-06-16T17:00'));
  });
  it('4. Sat 11:00 + business 480 → Mon 17:00', () => {
    expect(deadline(ny('2025-06-14T11:00'), business(480), NY)).toEqual(ny('2025-06-16T17:00'));
  });
  it('5. Thu 2025-07-03 14:00 next business day → Mon 07-07 17:00 (07-04 holiday, weekend)', () => {
    expect(deadline(ny('2025-07-03T14:00'), nbd, NY)).toEqual(ny('2025-07-07T17:00'));
  });
  it('6. Tue 17:00 (closing time, not open) + business 240 → Wed 13:00', () => {
    expect(deadline(ny('2025-06-10T17:00'), business(240), NY)).toEqual(ny('2025-06-11T13:00'));
  });
  it('7. Fri 16:30 + business 2400 → next Fri 16:30', () => {
    expect(deadline(ny('2025-06-13T16:30'), business(2400), NY)).toEqual(ny('2025-06-20T16:30'));
  });
  it('8. Tue 10:00, paused 11:00 → Wed 10:00, business 480 → Wed 17:00', () => {
    const pauses = [{ from: ny('2025-06-10T11:00'), to: ny('2025-06-11T10:00') }];
    expect(deadline(ny('2025-06-10T10:00'), business(480), NY, pauses)).toEqual(ny('2025-06-11T17:00'));
  });
});
