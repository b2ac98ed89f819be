// Configuration, read and validated once. Every variable is documented in README.md.
import path from 'node:path';

export interface Config {
  port: number;
  appRoot: string;
  dataDir: string;
  databaseFile: string;
  bundleDir: string;
  uploadDir: string;
  adminEmail: string | null;
  adminPassword: string | null;
  sessionTtlHours: number;
  secureCookies: 'auto' | 'always' | 'never';
  dataKey: string | null;
  webhookUrl: string | null;
  purgeIntervalHours: number;
  /** How often the SLA watch looks for breach warnings and due pages (seconds). */
  slaWatchSeconds: number;
  quarantineDays: number;
  /** How long a prepared share stays downloadable by its requester. */
  shareTtlHours: number;
  /** PostgreSQL connection URL: set, the console runs distributed (Postgres instead of SQLite). */
  databaseUrl: string | null;
  /** What this process runs: the web app, the background worker, or both. */
  role: ProcessRole;
  /** How many reverse proxies in front of the console append to X-Forwarded-For (0: none, ignore it). */
  trustedProxyHops: number;
  /** The S3-compatible bundle store; null keeps bundles in `bundleDir`. */
  s3: S3Config | null;
  /** This instance's local scratch folder (uploads being received, files being sealed or read). */
  scratchDir: string;
  /** This instance's id (X400_INSTANCE_ID, else generated once into the data folder). */
  instanceIdOverride: string | null;
  /** An instance whose heartbeat is older than this is taken as dead and its work is taken over. */
  instanceStaleSeconds: number;
  /** Outgoing mail for customer updates (X400_SMTP_URL / X400_SMTP_FROM); null: updates are sent by hand. */
  smtp: SmtpConfig | null;
  /** The console's address as customers reach it (links in e-mails); null: the request's own origin. */
  publicUrl: string | null;
  /** How long a customer's confirmation link stays usable. */
  confirmLinkDays: number;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: where the console's own traces go (OTLP/HTTP JSON); null: not traced. */
  otlpEndpoint: string | null;
  /** OTEL_BSP_SCHEDULE_DELAY: how long finished spans wait to be exported in one batch (ms). */
  otlpBatchDelayMs: number;
  /** On SIGTERM / SIGINT: how long running requests and background jobs may take to finish. */
  shutdownGraceSeconds: number;
}

export interface SmtpConfig {
  /** smtp://[user:password@]host[:port] or smtps://… (nodemailer's connection URL). */
  url: string;
  /** The From address of customer updates. */
  from: string;
}

export interface S3Config {
  endpoint: string | null;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  accessKeyId: string | null;
  secretAccessKey: string | null;
}

export const PROCESS_ROLES = ['web', 'worker', 'all'] as const;
export type ProcessRole = (typeof PROCESS_ROLES)[number];

export class ConfigError extends Error {}

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

function optional(env: NodeJS.ProcessEnv, name: string): string | null {
  const raw = env[name];
  return raw === undefined || raw.trim() === '' ? null : raw.trim();
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
};

/** Why the folders may not be used together, or null. The bundle store's crash repair removes
 * files it does not know, and the watcher ingests every file it sees: neither may share a folder
 * with the database, the key file or each other. */
export function foldersProblem(dirs: { dataDir: string; bundleDir: string; uploadDir: string }): string | null {
  const { dataDir, bundleDir, uploadDir } = dirs;
  if (inside(dataDir, bundleDir)) {
    return `X400_BUNDLE_DIR (${bundleDir}) must not be the data folder or contain it (${dataDir}): it holds the database and the key file. Use a folder of its own, e.g. ${path.join(dataDir, 'bundles')}`;
  }
  if (inside(uploadDir, bundleDir) || inside(bundleDir, uploadDir)) {
    return `X400_BUNDLE_DIR (${bundleDir}) and X400_UPLOAD_DIR (${uploadDir}) must not be the same folder or inside each other.`;
  }
  if (inside(dataDir, uploadDir)) {
    return `X400_UPLOAD_DIR (${uploadDir}) must not be the data folder or contain it (${dataDir}).`;
  }
  return null;
}

/** The app's folder: X400_APP_ROOT, else the working directory. */
export function appRootOf(env: Readonly<Record<string, string | undefined>> = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.X400_APP_ROOT ?? process.cwd());
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const appRoot = appRootOf(env);
  const dataDir = path.resolve(appRoot, env.X400_DATA_DIR ?? './data');
  const secure = env.X400_SECURE_COOKIES ?? 'auto';
  if (!['auto', 'always', 'never'].includes(secure)) {
    throw new ConfigError(`X400_SECURE_COOKIES must be auto, always or never, got "${secure}"`);
  }
  const adminEmail = optional(env, 'X400_ADMIN_EMAIL');
  const adminPassword = optional(env, 'X400_ADMIN_PASSWORD');
  if ((adminEmail === null) !== (adminPassword === null)) {
    throw new ConfigError('X400_ADMIN_EMAIL and X400_ADMIN_PASSWORD must be set together');
  }
  if (adminPassword !== null && adminPassword.length < 12) {
    throw new ConfigError('X400_ADMIN_PASSWORD must be at least 12 characters');
  }
  const webhookUrl = optional(env, 'X400_WEBHOOK_URL');
  if (webhookUrl !== null && !/^https?:\/\//.test(webhookUrl)) {
    throw new ConfigError(`X400_WEBHOOK_URL must be an http(s) URL, got "${webhookUrl}"`);
  }
  const bundleDir = path.resolve(dataDir, env.X400_BUNDLE_DIR ?? 'bundles');
  const uploadDir = path.resolve(appRoot, env.X400_UPLOAD_DIR ?? path.join(dataDir, 'support/upload'));
  const overlap = foldersProblem({ dataDir, bundleDir, uploadDir });
  if (overlap) throw new ConfigError(overlap);
  const databaseUrl = optional(env, 'X400_DATABASE_URL');
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new ConfigError(`X400_DATABASE_URL must be a postgres:// URL, got "${databaseUrl.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  const dataKey = optional(env, 'X400_DATA_KEY');
  if (databaseUrl !== null && dataKey === null) {
    throw new ConfigError('X400_DATA_KEY is required when X400_DATABASE_URL is set: every instance must encrypt with the same key');
  }
  const role = env.X400_ROLE?.trim() || 'all';
  if (!(PROCESS_ROLES as readonly string[]).includes(role)) {
    throw new ConfigError(`X400_ROLE must be web, worker or all, got "${role}"`);
  }
  const s3 = readS3(env);
  const instanceId = optional(env, 'X400_INSTANCE_ID');
  if (instanceId !== null && !/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/.test(instanceId)) {
    throw new ConfigError('X400_INSTANCE_ID must be 1-63 letters, digits, dots, dashes or underscores');
  }
  const publicUrl = optional(env, 'X400_PUBLIC_URL');
  if (publicUrl !== null && !/^https?:\/\/[^/\s]+\/?$/.test(publicUrl)) {
    throw new ConfigError(`X400_PUBLIC_URL must be the console's http(s) origin such as https://support.example.com, got "${publicUrl}"`);
  }
  return {
    port: intVar(env, 'PORT', 3000, 1, 65535),
    appRoot,
    dataDir,
    databaseFile: path.join(dataDir, 'x400-support.sqlite'),
    bundleDir,
    uploadDir,
    adminEmail,
    adminPassword,
    sessionTtlHours: intVar(env, 'X400_SESSION_TTL_HOURS', 12, 1, 24 * 30),
    secureCookies: secure as Config['secureCookies'],
    dataKey,
    webhookUrl,
    purgeIntervalHours: intVar(env, 'X400_PURGE_INTERVAL_HOURS', 24, 1, 24 * 30),
    slaWatchSeconds: intVar(env, 'X400_SLA_WATCH_SECONDS', 60, 1, 3600),
    quarantineDays: intVar(env, 'X400_QUARANTINE_DAYS', 7, 1, 365),
    shareTtlHours: intVar(env, 'X400_SHARE_TTL_HOURS', 24, 1, 24 * 30),
    databaseUrl,
    role: role as ProcessRole,
    trustedProxyHops: intVar(env, 'X400_TRUSTED_PROXY_HOPS', 0, 0, 10),
    s3,
    scratchDir: path.resolve(appRoot, env.X400_SCRATCH_DIR ?? path.join(dataDir, 'scratch')),
    instanceIdOverride: instanceId,
    instanceStaleSeconds: intVar(env, 'X400_INSTANCE_STALE_SECONDS', 30, 3, 3600),
    smtp: readSmtp(env),
    publicUrl: publicUrl?.replace(/\/$/, '') ?? null,
    confirmLinkDays: intVar(env, 'X400_CONFIRM_LINK_DAYS', 7, 1, 90),
    otlpEndpoint: readOtlpEndpoint(env),
    otlpBatchDelayMs: intVar(env, 'OTEL_BSP_SCHEDULE_DELAY', 5000, 10, 600_000),
    shutdownGraceSeconds: intVar(env, 'X400_SHUTDOWN_GRACE_SECONDS', 8, 0, 600),
  };
}

function readOtlpEndpoint(env: NodeJS.ProcessEnv): string | null {
  const endpoint = optional(env, 'OTEL_EXPORTER_OTLP_ENDPOINT');
  if (endpoint === null || env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return null;
  if (!/^https?:\/\/[^/\s]+(\/\S*)?$/.test(endpoint)) {
    throw new ConfigError(`OTEL_EXPORTER_OTLP_ENDPOINT must be the http(s) base URL of an OTLP/HTTP receiver such as http://collector:4318, got "${endpoint.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  return endpoint.replace(/\/+$/, '');
}

function readSmtp(env: NodeJS.ProcessEnv): SmtpConfig | null {
  const url = optional(env, 'X400_SMTP_URL');
  const from = optional(env, 'X400_SMTP_FROM');
  if (url === null) {
    if (from !== null) throw new ConfigError('X400_SMTP_FROM is set but X400_SMTP_URL is not: name the mail server (smtp://host:587)');
    return null;
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    parsed = new URL('invalid:');
  }
  if ((parsed.protocol !== 'smtp:' && parsed.protocol !== 'smtps:') || !parsed.hostname) {
    throw new ConfigError(`X400_SMTP_URL must be smtp://[user:password@]host[:port] or smtps://…, got "${url.replace(/\/\/[^@/]*@/, '//…@')}"`);
  }
  if (from === null) throw new ConfigError('X400_SMTP_FROM is required with X400_SMTP_URL: the address customer updates come from, e.g. "X400 Support <support@example.com>"');
  if (!/^(?:[^<>@\r\n]*<)?[^\s<>@]+@[^\s<>@]+\.?[^\s<>@]*>?$/.test(from)) throw new ConfigError(`X400_SMTP_FROM must be an e-mail address (optionally "Name <address>"), got "${from}"`);
  return { url, from };
}

function readS3(env: NodeJS.ProcessEnv): S3Config | null {
  const bucket = optional(env, 'X400_S3_BUCKET');
  const endpoint = optional(env, 'X400_S3_ENDPOINT');
  if (bucket === null) {
    if (endpoint !== null) throw new ConfigError('X400_S3_ENDPOINT is set but X400_S3_BUCKET is not: name the bucket');
    return null;
  }
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) throw new ConfigError(`X400_S3_BUCKET is not a valid bucket name: "${bucket}"`);
  if (endpoint !== null && !/^https?:\/\//.test(endpoint)) throw new ConfigError(`X400_S3_ENDPOINT must be an http(s) URL, got "${endpoint}"`);
  const pathStyle = env.X400_S3_FORCE_PATH_STYLE?.trim() ?? '';
  if (!['', '0', '1'].includes(pathStyle)) throw new ConfigError(`X400_S3_FORCE_PATH_STYLE must be 1 or 0, got "${pathStyle}"`);
  const accessKeyId = optional(env, 'AWS_ACCESS_KEY_ID');
  const secretAccessKey = optional(env, 'AWS_SECRET_ACCESS_KEY');
  if ((accessKeyId === null) !== (secretAccessKey === null)) throw new ConfigError('AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together');
  return { endpoint, bucket, region: optional(env, 'X400_S3_REGION') ?? 'us-east-1', forcePathStyle: pathStyle === '1', accessKeyId, secretAccessKey };
}

let cached: Config | null = null;

/** Where the database lives: the Postgres URL in distributed mode, else the SQLite file. */
export const databaseTarget = (cfg: Config): string => cfg.databaseUrl ?? cfg.databaseFile;

/** The process's configuration; a bad value stops the process with a message naming it. */
export function config(): Config {
  cached ??= readConfig();
  return cached;
}
