import { describe, expect, it } from 'vitest';
import { formatBytes, plural } from '@/components/ui/format';

describe('plural', () => {
  it('says 1 ticket, not 1 tickets', () => {
    expect(plural(1, 'ticket')).toBe('1 ticket');
    expect(plural(0, 'ticket')).toBe('0 tickets');
    expect(plural(2, 'span')).toBe('2 spans');
    expect(plural(1, 'day')).toBe('1 day');
    expect(plural(12345, 'span')).toBe('12,345 spans');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
  });
});

describe('formatBytes', () => {
  it('picks the unit: 6168.1 KiB reads as 6.0 MiB', () => {
    expect(formatBytes(6168.1 * 1024)).toBe('6.0 MiB');
    expect(formatBytes(512)).toBe('512 bytes');
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 * 1024 - 10)).toBe('1.0 MiB');
    expect(formatBytes(3 * 1024 ** 3)).toBe('3.0 GiB');
  });
});
