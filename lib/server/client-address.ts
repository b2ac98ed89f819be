// Which address a request came from, for the anonymous limits (sign-in throttle) and the audit
// log. Next.js keeps a client-sent X-Forwarded-For as it is, so the socket's own peer is recorded
// in a header of ours at the HTTP server (`recordPeerAddresses`, run once at start), and
// X-Forwarded-For is believed only for the X400_TRUSTED_PROXY_HOPS proxies nearest to us.
import http from 'node:http';

export const PEER_HEADER = 'x-x400-peer';

/**
 * The client's address. With `hops` trusted proxies in front, each appends the address it saw to
 * X-Forwarded-For, so the client is the `hops`-th entry from the right (anything further left was
 * written by the client and is not believed). With 0 hops, X-Forwarded-For is ignored.
 */
export function clientAddressFrom(headers: { get(name: string): string | null }, hops: number): string {
  // An IPv4 client on a dual-stack socket shows as ::ffff:a.b.c.d.
  const peer = (headers.get(PEER_HEADER)?.trim() || 'unknown').replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/, '');
  if (hops <= 0) return peer;
  const forwarded = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean);
  if (forwarded.length === 0) return peer;
  return forwarded[Math.max(0, forwarded.length - hops)]!;
}

const patched = globalThis as unknown as { __x400PeerRecorded?: boolean };

/** Stamps every incoming request with its socket's peer address, replacing any client-sent copy. */
export function recordPeerAddresses(): void {
  if (patched.__x400PeerRecorded) return;
  patched.__x400PeerRecorded = true;
  const emit = http.Server.prototype.emit;
  http.Server.prototype.emit = function (this: http.Server, event: string, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = request.socket?.remoteAddress ?? 'unknown';
    }
    return (emit as (...all: unknown[]) => boolean).apply(this, [event, ...args]);
  } as typeof emit;
}
