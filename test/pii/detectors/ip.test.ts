import { describe, expect, it } from 'vitest';
import { detectIPv4, detectIPv6, parseIPv6 } from '@/lib/pii/detectors/ip';
import { K_VERSION } from '@/lib/pii/keys';
import { texts } from './run';

const v4 = (text: string, kf = 0) => texts((t, push) => detectIPv4(t, kf, push), text);
const v6 = (text: string) => texts(detectIPv6, text);

describe('IP detector', () => {
  it('IPv4: private ranges count; loopback, unspecified, multicast and netmasks do not', () => {
    expect(v4('from 10.1.2.3 and 203.0.113.45')).toEqual(['10.1.2.3', '203.0.113.45']);
    expect(v4('127.0.0.1 0.0.0.0 224.0.0.1 255.255.255.0')).toEqual([]);
  });
  it('IPv4 context: versions and OIDs are not addresses', () => {
    expect(v4('version 4.2.1.0')).toEqual([]);
    expect(v4('4.2.1.0', K_VERSION)).toEqual([]);
    expect(v4('oid 2.5.4.3')).toEqual([]);
    expect(v4('Windows 10.0.19045.3803')).toEqual([]);
  });
  it('IPv6 validator: a real parser', () => {
    expect(parseIPv6('2001:db8::1')).not.toBeNull();
    expect(parseIPv6('2001:db8:::1')).toBeNull();
    expect(v6('peer [2001:db8::8a2e:370:7334]:443')).toEqual(['2001:db8::8a2e:370:7334']);
    expect(v6('std::vector ::1 x::date')).toEqual([]);
  });
});
