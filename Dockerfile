# The X400 Support Console as one image: the Next.js standalone server plus the prebuilt CLI.
# One build serves every role (X400_ROLE=web|worker|all). Build it with a fixed server-action key,
# so instances of this build and the next one (a rolling deploy) accept each other's forms:
#   docker build --build-arg NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="$(openssl rand -base64 32)" -t x400-support .
# Debian slim (glibc) rather than Alpine: better-sqlite3 builds and loads as it does on the hosts.

FROM node:20-bookworm-slim AS build
WORKDIR /app
# Toolchain for better-sqlite3 when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Scripts are skipped here (the CLI build in `prepare` needs the sources, copied below); the two
# native packages are built explicitly.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild better-sqlite3 esbuild
COPY . .
ARG NEXT_SERVER_ACTIONS_ENCRYPTION_KEY
RUN test -n "$NEXT_SERVER_ACTIONS_ENCRYPTION_KEY" \
 || { echo 'Set --build-arg NEXT_SERVER_ACTIONS_ENCRYPTION_KEY (openssl rand -base64 32): every instance must share it.' >&2; exit 1; }
ENV NEXT_TELEMETRY_DISABLED=1 X400_STANDALONE=1
RUN NEXT_SERVER_ACTIONS_ENCRYPTION_KEY="$NEXT_SERVER_ACTIONS_ENCRYPTION_KEY" node scripts/build-app.mjs \
 && node scripts/build-cli.mjs

FROM node:20-bookworm-slim AS run
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    X400_APP_ROOT=/app \
    X400_DATA_DIR=/data \
    NEXT_MANUAL_SIG_HANDLE=1
RUN groupadd --system x400 \
 && useradd --system --gid x400 --home-dir /app --shell /usr/sbin/nologin x400 \
 && mkdir -p /data /support/upload \
 && chown x400:x400 /data /support/upload
# The server (standalone output traces its node_modules, better-sqlite3 and pg included) ...
COPY --from=build /app/.next/standalone ./
COPY --from=build /app/.next/static ./.next/static
# The worker threads the server starts (a large bundle's parse, a share's rewrite): lib/workers.ts
COPY --from=build /app/.next/x400-workers ./.next/x400-workers
# Files served as they are (the trace page's early skeleton download worker).
COPY --from=build /app/public ./public
# ... the files it reads at run time (migrations for both dialects, the error catalogue) ...
COPY --from=build /app/db/migrations ./db/migrations
COPY --from=build /app/db/migrations-pg ./db/migrations-pg
COPY --from=build /app/docs ./docs
# ... and the CLI: `docker compose run --rm web-1 x400-support db migrate`, `… user add`, ….
COPY --from=build /app/dist/cli ./dist/cli
COPY --from=build /app/docker/x400-support.mjs ./docker/x400-support.mjs
RUN printf '#!/bin/sh\nexec node /app/docker/x400-support.mjs "$@"\n' > /usr/local/bin/x400-support \
 && chmod 0755 /usr/local/bin/x400-support
USER x400
EXPOSE 3000
HEALTHCHECK --interval=15s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/ready').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "server.js"]
