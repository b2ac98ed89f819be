// The outgoing escalation webhook: paging in the PagerDuty Events API v2 shape
// (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/), status-page updates in a
// small JSON shape of our own, delivered with retries and exponential backoff.
import type { Severity } from '@/db/values';

export interface WebhookTicket {
  id: number;
  severity: Severity;
  summary: string;
  customerName: string;
  status: string;
  components: string[];
  createdAt: Date;
  /** The ticket's stored dedup_key (lib/escalation/paging.ts); `x400-ticket-<id>` when not stored yet. */
  pagingDedupKey?: string | null;
}

const PD_SEVERITY = { 1: 'critical', 2: 'error', 3: 'warning' } as const;

/** A PagerDuty Events API v2 "trigger" event paging on-call for the ticket. */
export function pagerDutyTrigger(ticket: WebhookTicket, opts: { routingKey: string | null; note: string | null; at: Date; ticketUrl: string | null }) {
  return {
    routing_key: opts.routingKey ?? '',
    event_action: 'trigger' as const,
    dedup_key: ticket.pagingDedupKey ?? `x400-ticket-${ticket.id}`,
    payload: {
      summary: `Sev-${ticket.severity} #${ticket.id} ${ticket.customerName}: ${ticket.summary}`.slice(0, 1024),
      source: 'x400-support-console',
      severity: PD_SEVERITY[ticket.severity],
      timestamp: opts.at.toISOString(),
      component: ticket.components[0] ?? 'gateway',
      group: 'x400-gateway',
      class: `sev-${ticket.severity}`,
      custom_details: { ticket_id: ticket.id, customer: ticket.customerName, status: ticket.status, components: ticket.components, opened_at: ticket.createdAt.toISOString(), note: opts.note ?? '' },
    },
    client: 'X400 Support Console',
    ...(opts.ticketUrl ? { client_url: opts.ticketUrl, links: [{ href: opts.ticketUrl, text: `Ticket #${ticket.id}` }] } : {}),
  };
}

export function statusPageUpdate(ticket: WebhookTicket, opts: { note: string | null; at: Date; ticketUrl: string | null }) {
  return {
    event: 'status_page.update',
    timestamp: opts.at.toISOString(),
    incident: { key: `x400-ticket-${ticket.id}`, severity: `sev-${ticket.severity}`, status: ticket.status, components: ticket.components, title: ticket.summary },
    message: opts.note ?? `Sev-${ticket.severity}: ${ticket.summary}`,
    ...(opts.ticketUrl ? { url: opts.ticketUrl } : {}),
  };
}

export interface DeliveryResult {
  status: 'delivered' | 'failed';
  attempts: number;
  /** One line for people: "HTTP 202 Accepted" or why it failed. */
  result: string;
}

export interface DeliveryOptions {
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  /** Total attempts (default 4: the first try and 3 retries). */
  attempts?: number;
  /** Delay before the first retry; doubled for each next one (default 1 s → 1, 2, 4 s). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  timeoutMs?: number;
  /** Called after each attempt, and awaited (a database write records it before the next). */
  onAttempt?: (attempt: number, outcome: string) => void | Promise<void>;
}

const wait = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function retryable(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** Backoff delay for a retry: exponential, or the server's Retry-After when given (capped). */
export function backoffDelay(retry: number, baseDelayMs: number, maxDelayMs: number, retryAfter?: string | null): number {
  const seconds = retryAfter ? Number(retryAfter) : Number.NaN;
  if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, maxDelayMs);
  return Math.min(baseDelayMs * 2 ** (retry - 1), maxDelayMs);
}

/** POSTs `body` as JSON; retries network errors, timeouts, 408, 429 and 5xx; never throws. */
export async function deliverWebhook(url: string, body: unknown, opts: DeliveryOptions = {}): Promise<DeliveryResult> {
  const doFetch = opts.fetch ?? fetch;
  const sleep = opts.sleep ?? wait;
  const attempts = opts.attempts ?? 4;
  const base = opts.baseDelayMs ?? 1000;
  const max = opts.maxDelayMs ?? 30_000;
  let last = 'not attempted';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retryAfter: string | null = null;
    try {
      const response = await doFetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'x400-support-console' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs ?? 10_000),
      });
      const text = (await response.text().catch(() => '')).replace(/\s+/g, ' ').trim().slice(0, 200);
      last = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}${text ? `: ${text}` : ''}`;
      await opts.onAttempt?.(attempt, last);
      if (response.ok) return { status: 'delivered', attempts: attempt, result: last };
      if (!retryable(response.status)) return { status: 'failed', attempts: attempt, result: last };
      retryAfter = response.headers.get('retry-after');
    } catch (error) {
      const e = error as Error & { cause?: { code?: string } };
      last = e.name === 'TimeoutError' ? 'timed out' : `network error: ${e.cause?.code ?? e.message}`;
      await opts.onAttempt?.(attempt, last);
    }
    if (attempt < attempts) await sleep(backoffDelay(attempt, base, max, retryAfter));
  }
  return { status: 'failed', attempts, result: `${last} (gave up after ${attempts} attempts)` };
}
