// The console's own traces: nothing at all without OTEL_EXPORTER_OTLP_ENDPOINT; with it, OTLP/HTTP
// JSON to <endpoint>/v1/traces, scrubbed of query strings, paths' values, URLs' paths, error
// messages and unknown attributes; a receiver that is down costs no error. (The whole chain
// through a running console, saved as a bundle and opened in it: e2e/ops.spec.ts.)
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '@/lib/env';
import { scrubAttributes, scrubText } from '@/lib/telemetry/scrub';
import { startTelemetry, tracesUrl } from '@/lib/telemetry/start';

interface Received {
  path: string;
  contentType: string;
  body: string;
}

async function otlpReceiver() {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '', contentType: String(req.headers['content-type']), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise((r) => server.close(r)) };
}

const receiver = await otlpReceiver();
afterAll(() => receiver.close());

const env = (vars: Record<string, string>) => ({ NODE_ENV: 'test', X400_DATA_DIR: '/tmp/x400-telemetry', ...vars }) as NodeJS.ProcessEnv;

describe('self-tracing', () => {
  it('is off, and loads nothing, without OTEL_EXPORTER_OTLP_ENDPOINT', async () => {
    expect(readConfig(env({})).otlpEndpoint).toBeNull();
    expect(readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/', OTEL_SDK_DISABLED: 'true' })).otlpEndpoint).toBeNull();
    expect(readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318/' })).otlpEndpoint).toBe('http://c:4318');
    expect(() => readConfig(env({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' }))).toThrow(/OTEL_EXPORTER_OTLP_ENDPOINT must be the http\(s\) base URL/);
    expect(await startTelemetry({ endpoint: null })).toBeNull();
    // Next.js's spans go to the API's no-op tracer: nothing recorded, nothing sent.
    const span = trace.getTracer('next.js').startSpan('GET /reports/sla');
    expect(span.isRecording()).toBe(false);
    span.end();
  });

  it('keeps routes, methods and statuses; drops queries, values in paths, URLs\' paths and messages', () => {
    expect(scrubText('GET /tickets?q=jane.doe@example.com')).toBe('GET /tickets');
    expect(scrubText('fetch POST https://user:pw@hooks.example.com/services/T0/B0/secret?x=1')).toBe('fetch POST https://hooks.example.com');
    expect(
      scrubAttributes({
        'http.method': 'GET',
        'http.target': '/confirm/3f9a0c1d-secret-token?x=1',
        'next.route': '/confirm/[token]',
        'http.status_code': 200,
        'http.url': 'https://events.example.com/v2/enqueue?routing_key=abc',
        'customer.email': 'jane.doe@example.com',
        'next.span_name': 'GET /confirm/[token]',
      }),
    ).toEqual({
      'http.method': 'GET',
      'http.target': '/confirm/[token]',
      'next.route': '/confirm/[token]',
      'http.status_code': 200,
      'http.url': 'https://events.example.com',
      'next.span_name': 'GET /confirm/[token]',
    });
    // No route known (a 404): no target at all rather than the path the client sent.
    expect(scrubAttributes({ 'http.method': 'GET', 'http.target': '/jane.doe@example.com' })).toEqual({ 'http.method': 'GET' });
  });

  it('exports OTLP/HTTP JSON to <endpoint>/v1/traces, scrubbed', async () => {
    const telemetry = await startTelemetry({ endpoint: `${receiver.url}/`, batchDelayMs: 50 });
    expect(telemetry).not.toBeNull();
    const tracer = trace.getTracer('next.js');
    tracer.startActiveSpan('GET /tickets?q=jane.doe@example.com', { kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', 'http.target': '/tickets?q=jane.doe@example.com' } }, (root) => {
      const render = tracer.startSpan('render route (app) /tickets', { attributes: { 'next.route': '/tickets', 'bundle.text': 'Jane Doe <jane.doe@example.com>' } });
      render.addEvent('exception', { 'exception.type': 'AppError', 'exception.message': 'no ticket for jane.doe@example.com' });
      render.setStatus({ code: SpanStatusCode.ERROR, message: 'jane.doe@example.com' });
      render.end();
      root.setAttributes({ 'next.route': '/tickets', 'http.route': '/tickets', 'http.status_code': 200 });
      root.end();
    });
    await telemetry!.forceFlush();
    expect(receiver.received.length).toBeGreaterThan(0);
    const sent = receiver.received.at(-1)!;
    expect(sent.path).toBe('/v1/traces');
    expect(sent.contentType).toMatch(/application\/json/);
    const body = JSON.parse(sent.body) as { resourceSpans: { resource: { attributes: { key: string; value: { stringValue?: string } }[] }; scopeSpans: { spans: { name: string; traceId: string; status: { code: number } }[] }[] }[] };
    const spans = body.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans));
    expect(spans.map((s) => s.name).sort()).toEqual(['GET /tickets', 'render route (app) /tickets']);
    expect(spans[0]!.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(body.resourceSpans[0]!.resource.attributes).toContainEqual({ key: 'service.name', value: { stringValue: 'x400-support-console' } });
    expect(sent.body).not.toMatch(/jane|@example|\?q=/i);
    expect(sent.body).toContain('AppError');
    await telemetry!.shutdown();
    trace.disable();
  });

  it('a receiver that is down costs no error', async () => {
    const errors = vi.spyOn(console, 'error');
    const telemetry = await startTelemetry({ endpoint: 'http://127.0.0.1:9', batchDelayMs: 10 });
    trace.getTracer('next.js').startSpan('GET /reports/sla').end();
    await expect(telemetry!.forceFlush()).resolves.toBeUndefined();
    await telemetry!.shutdown();
    trace.disable();
    expect(errors).not.toHaveBeenCalled();
    expect(tracesUrl('http://c:4318/')).toBe('http://c:4318/v1/traces');
  });
});
