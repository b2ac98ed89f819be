// Next.js configuration for the X400 Support Console.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // X400_DIST_DIR lets parallel builds (e.g. two developers' test runs) use separate folders.
  distDir: process.env.X400_DIST_DIR || '.next',
  // The Docker image (X400_STANDALONE=1) runs the self-contained server in .next/standalone.
  output: process.env.X400_STANDALONE === '1' ? 'standalone' : undefined,
  serverExternalPackages: ['@opentelemetry/api', '@opentelemetry/sdk-trace-node', '@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/resources', 'better-sqlite3', 'pg', 'pg-copy-streams', 'pg-boss', '@aws-sdk/client-s3', '@aws-sdk/lib-storage', '@node-rs/argon2'],
  poweredByHeader: false,
  async headers() {
    return [
      {
        source: '/api/:path*',
        headers: [
          { key: 'x-content-type-options', value: 'nosniff' },
          { key: 'referrer-policy', value: 'no-referrer' },
          { key: 'cache-control', value: 'no-store' },
          { key: 'content-security-policy', value: "default-src 'none'; frame-ancestors 'none'" },
        ],
      },
      // The skeleton route answers with its stored gzip bytes; a route handler cannot set this
      // header itself (Next.js drops it), a header rule can.
      { source: '/api/bundles/:id/skeleton', headers: [{ key: 'content-encoding', value: 'gzip' }] },
      // The browser keeps the skeleton and critical paths and revalidates them at every use (their
      // routes answer 304 to the entity tag). A later rule's header overrides an earlier one's.
      { source: '/api/bundles/:id/(skeleton|critical-path)', headers: [{ key: 'cache-control', value: 'private, no-cache' }] },
    ];
  },
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: '2mb' },
  },
};

export default nextConfig;
