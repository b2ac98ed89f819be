// A local HTTP receiver standing in for PagerDuty's Events API v2 (POST /v2/enqueue) and for a
// status page: it keeps every body it gets and checks paging bodies against the Events v2 shape
// (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/, .../acknowledge-events).
import http from 'node:http';

const TOP_KEYS = new Set(['routing_key', 'event_action', 'dedup_key', 'payload', 'images', 'links', 'client', 'client_url']);
const PAYLOAD_KEYS = new Set(['summary', 'source', 'severity', 'timestamp', 'component', 'group', 'class', 'custom_details']);
const SEVERITIES = new Set(['critical', 'error', 'warning', 'info']);

/** Problems with an Events API v2 body ([] when it has exactly the shape). */
export function eventsV2Problems(body: unknown): string[] {
  const p: string[] = [];
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ['body is not a JSON object'];
  const b = body as Record<string, unknown>;
  for (const k of Object.keys(b)) if (!TOP_KEYS.has(k)) p.push(`unknown key ${k}`);
  if (typeof b.routing_key !== 'string' || b.routing_key.length === 0) p.push('routing_key must be a non-empty string');
  if (!['trigger', 'acknowledge', 'resolve'].includes(b.event_action as string)) p.push('event_action must be trigger, acknowledge or resolve');
  if (b.dedup_key !== undefined && (typeof b.dedup_key !== 'string' || b.dedup_key.length === 0 || b.dedup_key.length > 255)) p.push('dedup_key must be a string of 1–255 characters');
  if (b.event_action === 'trigger') {
    const pl = b.payload as Record<string, unknown> | undefined;
    if (typeof pl !== 'object' || pl === null) p.push('trigger needs a payload');
    else {
      for (const k of Object.keys(pl)) if (!PAYLOAD_KEYS.has(k)) p.push(`unknown payload key ${k}`);
      if (typeof pl.summary !== 'string' || pl.summary.length === 0 || pl.summary.length > 1024) p.push('payload.summary must be 1–1024 characters');
      if (typeof pl.source !== 'string' || pl.source.length === 0) p.push('payload.source is required');
      if (!SEVERITIES.has(pl.severity as string)) p.push('payload.severity must be critical, error, warning or info');
      if (pl.timestamp !== undefined && (typeof pl.timestamp !== 'string' || !Number.isFinite(Date.parse(pl.timestamp)))) p.push('payload.timestamp must be an ISO 8601 time');
      if (pl.custom_details !== undefined && (typeof pl.custom_details !== 'object' || pl.custom_details === null)) p.push('payload.custom_details must be an object');
    }
  } else {
    if (typeof b.dedup_key !== 'string') p.push(`${String(b.event_action)} needs the dedup_key`);
    for (const k of ['payload', 'images', 'links', 'client', 'client_url']) if (k in b) p.push(`${String(b.event_action)} takes no ${k}`);
  }
  return p;
}

export interface ReceivedRequest {
  path: string;
  body: unknown;
  /** Events v2 problems (paging path only; [] for a valid body). */
  problems: string[];
}

export interface PagingReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Bodies POSTed to /v2/enqueue. */
  events(): Record<string, unknown>[];
  close(): Promise<void>;
}

/** Listens on 127.0.0.1:`port`; /v2/enqueue answers 202 like PagerDuty (400 for a malformed body). */
export async function startPagingReceiver(port: number): Promise<PagingReceiver> {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body: unknown = null;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = null;
      }
      const paging = req.url === '/v2/enqueue';
      const problems = paging ? eventsV2Problems(body) : [];
      received.push({ path: req.url ?? '', body, problems });
      res.writeHead(paging && problems.length ? 400 : 202, { 'content-type': 'application/json' });
      res.end(JSON.stringify(problems.length ? { status: 'invalid event', errors: problems } : { status: 'success', message: 'Event processed' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    events: () => received.filter((r) => r.path === '/v2/enqueue').map((r) => r.body as Record<string, unknown>),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
