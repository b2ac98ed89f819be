// Server start: tracing (when OTEL_EXPORTER_OTLP_ENDPOINT is set), database, first admin,
// background jobs, and the graceful shutdown on SIGTERM / SIGINT. Node runtime only.
export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Before the first request: the socket peer is the only address a client cannot forge.
  (await import('./lib/server/client-address')).recordPeerAddresses();
  const shutdown = await import('./lib/server/shutdown');
  shutdown.trackHttpServers();
  await (await import('./lib/server/telemetry')).startServerTelemetry();
  const { bootServer } = await import('./lib/server/boot');
  await bootServer();
  shutdown.handleShutdownSignals();
}
