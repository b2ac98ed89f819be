// The console traces itself with OpenTelemetry when OTEL_EXPORTER_OTLP_ENDPOINT is set: Next.js's
// own spans for each request (route, render, route handler) go as OTLP/HTTP JSON to
// `<endpoint>/v1/traces`, batched, through the scrubbing in scrub.ts. Unset, nothing here is
// loaded and Next.js's tracer stays the no-op it is by default. Export failures are dropped
// quietly (OpenTelemetry's diagnostics are off): a missing collector never fails a request.
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-node';
import { scrubSpan } from './scrub';

export interface Telemetry {
  /** Exports what is pending (shutdown, tests). */
  forceFlush(): Promise<void>;
  /** Flushes, then stops tracing. */
  shutdown(): Promise<void>;
}

export interface TelemetryOptions {
  /** The OTLP/HTTP receiver's base URL (OTEL_EXPORTER_OTLP_ENDPOINT); null: no tracing at all. */
  endpoint: string | null;
  serviceName?: string;
  instanceId?: string;
  /** How long spans wait before a batch is sent (OpenTelemetry's default: 5 s). */
  batchDelayMs?: number;
}

/** OTLP/HTTP's signal path under the base endpoint, as the OpenTelemetry spec defines it. */
export const tracesUrl = (endpoint: string): string => `${endpoint.replace(/\/+$/, '')}/v1/traces`;

/** A span exporter that scrubs every span before `inner` sees it. */
export function scrubbingExporter(inner: SpanExporter): SpanExporter {
  return {
    export: (spans: ReadableSpan[], done) => inner.export(spans.map(scrubSpan), done),
    shutdown: () => inner.shutdown(),
    forceFlush: () => inner.forceFlush?.() ?? Promise.resolve(),
  };
}

export async function startTelemetry(options: TelemetryOptions): Promise<Telemetry | null> {
  if (!options.endpoint) return null;
  const [{ NodeTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { resourceFromAttributes }] = await Promise.all([
    import('@opentelemetry/sdk-trace-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/resources'),
  ]);
  const exporter = scrubbingExporter(new OTLPTraceExporter({ url: tracesUrl(options.endpoint), timeoutMillis: 5000 }));
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'x400-support-console',
      ...(options.instanceId ? { 'service.instance.id': options.instanceId } : {}),
    }),
    spanProcessors: [new BatchSpanProcessor(exporter, options.batchDelayMs === undefined ? {} : { scheduledDelayMillis: options.batchDelayMs })],
  });
  // The global tracer provider, the AsyncLocalStorage context and W3C trace-context propagation.
  provider.register();
  // A receiver that is down or refuses is not the console's failure: its spans are dropped.
  return { forceFlush: () => provider.forceFlush().catch(() => {}), shutdown: () => provider.shutdown().catch(() => {}) };
}
