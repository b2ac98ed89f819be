// X400_TRUSTED_PROXY_HOPS: which address the sign-in throttle and audit log key on.
import http from 'node:http';
import { describe, expect, it } from 'vitest';
import { clientAddressFrom, PEER_HEADER, recordPeerAddresses } from '@/lib/server/client-address';
import { ConfigError, readConfig } from '@/lib/env';

const headers = (values: Record<string, string>) => new Headers(values);

describe('client address', () => {
  it('ignores X-Forwarded-For without trusted proxies: a client cannot pick its own throttle bucket', () => {
    const h = headers({ [PEER_HEADER]: '203.0.113.9', 'x-forwarded-for': '10.9.9.9' });
    expect(clientAddressFrom(h, 0)).toBe('203.0.113.9');
    expect(clientAddressFrom(headers({ [PEER_HEADER]: '::ffff:203.0.113.9' }), 0)).toBe('203.0.113.9');
  });

  it('takes the address the nearest trusted proxy saw, not what the client wrote further left', () => {
    const h = headers({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': '6.6.6.6, 198.51.100.7' });
    expect(clientAddressFrom(h, 1)).toBe('198.51.100.7');
    const twoProxies = headers({ [PEER_HEADER]: '10.0.0.3', 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 10.0.0.2' });
    expect(clientAddressFrom(twoProxies, 2)).toBe('198.51.100.7');
  });

  it('falls back to the leftmost entry or the peer when fewer proxies appended than configured', () => {
    expect(clientAddressFrom(headers({ [PEER_HEADER]: '10.0.0.2', 'x-forwarded-for': '198.51.100.7' }), 3)).toBe('198.51.100.7');
    expect(clientAddressFrom(headers({ [PEER_HEADER]: '10.0.0.2' }), 1)).toBe('10.0.0.2');
  });

  it('records the socket peer on every request, over a client-sent copy of the header', async () => {
    recordPeerAddresses();
    const server = http.createServer((req, res) => res.end(String(req.headers[PEER_HEADER])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as { port: number };
      const response = await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: '6.6.6.6' } });
      expect(await response.text()).toBe('127.0.0.1');
    } finally {
      server.close();
    }
  });
});

describe('distributed-mode settings', () => {
  const base = { NODE_ENV: 'test', X400_DATA_DIR: '/tmp/x400-config-test' } as const;

  it('reads the database URL, the process role and the proxy hops', () => {
    const cfg = readConfig({ ...base, X400_DATABASE_URL: 'postgres://u:p@db/x400', X400_DATA_KEY: 'k'.repeat(32), X400_ROLE: 'worker', X400_TRUSTED_PROXY_HOPS: '1' });
    expect(cfg).toMatchObject({ databaseUrl: 'postgres://u:p@db/x400', role: 'worker', trustedProxyHops: 1 });
    expect(readConfig(base)).toMatchObject({ databaseUrl: null, role: 'all', trustedProxyHops: 0 });
  });

  it('refuses a distributed setup without a shared data key, a bad role or a non-Postgres URL', () => {
    expect(() => readConfig({ ...base, X400_DATABASE_URL: 'postgres://db/x400' })).toThrow(/X400_DATA_KEY is required/);
    expect(() => readConfig({ ...base, X400_ROLE: 'batch' })).toThrow(/X400_ROLE must be web, worker or all/);
    expect(() => readConfig({ ...base, X400_DATABASE_URL: 'mysql://u:secret@db/x', X400_DATA_KEY: 'k' })).toThrow(ConfigError);
    expect(() => readConfig({ ...base, X400_DATABASE_URL: 'mysql://u:secret@db/x', X400_DATA_KEY: 'k' })).not.toThrow(/secret/);
  });
});
