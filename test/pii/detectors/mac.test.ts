import { describe, expect, it } from 'vitest';
import { detectMac } from '@/lib/pii/detectors/mac';
import { texts } from './run';

const mac = (text: string) => texts((t, push) => detectMac(t, 0, push), text);

describe('MAC detector', () => {
  it('colon, dash and Cisco forms; not null or broadcast', () => {
    expect(mac('hw 3c:22:fb:12:34:56')).toEqual(['3c:22:fb:12:34:56']);
    expect(mac('3C-22-FB-12-34-56')).toEqual(['3C-22-FB-12-34-56']);
    expect(mac('iface aabb.ccdd.eeff')).toEqual(['aabb.ccdd.eeff']);
    expect(mac('00:00:00:00:00:00 ff:ff:ff:ff:ff:ff')).toEqual([]);
  });
  it('context: an all-digit Cisco triple needs a MAC hint', () => {
    expect(mac('build 2024.1001.1234')).toEqual([]);
    expect(mac('mac 2024.1001.1234')).toEqual(['2024.1001.1234']);
  });
});
