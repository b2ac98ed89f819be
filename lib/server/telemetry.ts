// The server process's own tracing (lib/telemetry), started once from instrumentation.ts before
// the first request and flushed by the graceful shutdown.
import { config } from '@/lib/env';
import { startTelemetry, type Telemetry } from '@/lib/telemetry/start';

const holder = globalThis as unknown as { __x400Telemetry?: Promise<Telemetry | null> };

export function startServerTelemetry(): Promise<Telemetry | null> {
  const cfg = config();
  holder.__x400Telemetry ??= startTelemetry({ endpoint: cfg.otlpEndpoint, batchDelayMs: cfg.otlpBatchDelayMs });
  return holder.__x400Telemetry;
}

/** Exports the spans still waiting and stops tracing (no-op when tracing is off). */
export async function stopServerTelemetry(): Promise<void> {
  const telemetry = await holder.__x400Telemetry;
  await telemetry?.shutdown().catch(() => {});
}
