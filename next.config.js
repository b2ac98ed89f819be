// Next.js configuration for the X400 Support Console.
/** @type {import('next').NextConfig} */
const nextConfig = {
  // X400_DIST_DIR lets parallel builds (e.g. two developers' test runs) use separate folders.
  distDir: process.env.X400_DIST_DIR || '.next',
  serverExternalPackages: ['better-sqlite3'],
  poweredByHeader: false,
  // Types are checked by `npm run typecheck` (part of `npm test`), not again on every build.
  typescript: { ignoreBuildErrors: true },
  experimental: {
    authInterrupts: true,
    serverActions: { bodySizeLimit: '2mb' },
  },
};

export default nextConfig;
