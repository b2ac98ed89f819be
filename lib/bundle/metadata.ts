// metadata.json: validation, agreement with the file name, and the consent decision (spec:
// consent only when telemetry.enabled === true and consentedAt is a time at or before createdAt).

import type { BundleFileName } from './archive';
import type { Problem } from './problems';

// Checked by hand, not with zod: every inspect (and the upload page's check) reads this module,
// and in the CLI's build zod's shared chunk (its core and every locale, which the console's other
// commands need) took ~60 ms to load at each inspect, for a dozen fields.

/** metadata.json as the bundle contract defines it; other keys are kept as they are. */
export interface BundleMetadata {
  schemaVersion: 1;
  bundleId: string;
  createdAt: string;
  channel: 'ui' | 'cli';
  product?: { name: string; version: string; [key: string]: unknown };
  tenant?: { id: string; [key: string]: unknown };
  telemetry?: { enabled?: unknown; consentedAt?: unknown; scope?: string[]; retentionDays?: number; [key: string]: unknown };
  redaction?: { applied: boolean; [key: string]: unknown };
  reportedAt?: string[];
  [key: string]: unknown;
}

const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Collects what is wrong, each as "path: what" ("(root)" for the document itself). */
class Issues {
  readonly list: string[] = [];
  add(path: string, message: string): void {
    this.list.push(`${path || '(root)'}: ${message}`);
  }
  string(v: unknown, path: string, test?: (s: string) => boolean, failed?: string): void {
    if (typeof v !== 'string') this.add(path, 'expected a string');
    else if (test && !test(v)) this.add(path, failed!);
  }
  time(v: unknown, path: string): void {
    this.string(v, path, (s) => !Number.isNaN(Date.parse(s)), 'not a date-time');
  }
  /** An optional object member: absent, or an object whose members `check` looks at. */
  object(v: unknown, path: string, check: (o: Json) => void): void {
    if (v === undefined) return;
    if (!isObject(v)) this.add(path, 'expected an object');
    else check(v);
  }
  /** An optional array member: absent, or an array whose elements `check` looks at. */
  array(v: unknown, path: string, check: (element: unknown, path: string) => void): void {
    if (v === undefined) return;
    if (!Array.isArray(v)) this.add(path, 'expected an array');
    else v.forEach((element, i) => check(element, `${path}.${i}`));
  }
}

/** metadata.json's issues, in document order of the contract's fields; none when it is valid. */
function metadataIssues(raw: unknown): string[] {
  const issues = new Issues();
  if (!isObject(raw)) {
    issues.add('', 'expected an object');
    return issues.list;
  }
  if (raw.schemaVersion !== 1) issues.add('schemaVersion', 'expected 1');
  issues.string(raw.bundleId, 'bundleId', (s) => UUID.test(s), 'not a UUID');
  issues.time(raw.createdAt, 'createdAt');
  if (raw.channel !== 'ui' && raw.channel !== 'cli') issues.add('channel', 'expected "ui" or "cli"');
  issues.object(raw.product, 'product', (o) => {
    issues.string(o.name, 'product.name');
    issues.string(o.version, 'product.version');
  });
  issues.object(raw.tenant, 'tenant', (o) => issues.string(o.id, 'tenant.id'));
  issues.object(raw.telemetry, 'telemetry', (o) => {
    issues.array(o.scope, 'telemetry.scope', (v, path) => issues.string(v, path));
    const days = o.retentionDays;
    if (days !== undefined && !(Number.isSafeInteger(days) && (days as number) >= 1 && (days as number) <= 3650)) {
      issues.add('telemetry.retentionDays', 'expected a whole number of days from 1 to 3650');
    }
  });
  issues.object(raw.redaction, 'redaction', (o) => {
    if (typeof o.applied !== 'boolean') issues.add('redaction.applied', 'expected true or false');
  });
  issues.array(raw.reportedAt, 'reportedAt', (v, path) => issues.time(v, path));
  return issues.list;
}

export interface ConsentDecision {
  granted: boolean;
  consentedAt: string | null;
  reason: string;
}

/** The spec's consent rule, exactly. */
export function verifyConsent(meta: BundleMetadata): ConsentDecision {
  const t = meta.telemetry;
  if (!t) return { granted: false, consentedAt: null, reason: 'metadata has no telemetry block' };
  const consentedAt = typeof t.consentedAt === 'string' ? t.consentedAt : null;
  if (t.enabled !== true) return { granted: false, consentedAt, reason: 'telemetry.enabled is not true' };
  if (consentedAt === null) return { granted: false, consentedAt: null, reason: 'telemetry.consentedAt is missing' };
  const at = Date.parse(consentedAt);
  if (Number.isNaN(at)) return { granted: false, consentedAt, reason: 'telemetry.consentedAt is not a valid time' };
  if (at > Date.parse(meta.createdAt)) return { granted: false, consentedAt, reason: 'telemetry.consentedAt is after createdAt' };
  return { granted: true, consentedAt, reason: 'telemetry enabled and consent given before the bundle was created' };
}

export type MetadataResult =
  | { ok: true; metadata: BundleMetadata; problems: Problem[] }
  | { ok: false; problems: Problem[] };

/** Validates parsed metadata.json and checks createdAt/channel against the file name (to the second). */
export function validateMetadata(raw: unknown, fileName: BundleFileName | null): MetadataResult {
  const issues = metadataIssues(raw);
  if (issues.length > 0) {
    return { ok: false, problems: [{ code: 'METADATA_INVALID', message: `metadata.json is invalid: ${issues.slice(0, 5).join('; ')}`, entry: 'metadata.json' }] };
  }
  const metadata = raw as BundleMetadata;
  const problems: Problem[] = [];
  if (fileName) {
    const createdSec = Math.floor(Date.parse(metadata.createdAt) / 1000);
    const nameSec = Math.floor(fileName.timestampMs / 1000);
    if (createdSec !== nameSec) {
      problems.push({ code: 'METADATA_MISMATCH', message: `createdAt ${metadata.createdAt} does not match the file name's time ${new Date(fileName.timestampMs).toISOString()} (to the second)`, entry: 'metadata.json' });
    }
    if (metadata.channel !== fileName.channel) {
      problems.push({ code: 'METADATA_MISMATCH', message: `channel "${metadata.channel}" does not match the file name's "${fileName.channel}"`, entry: 'metadata.json' });
    }
  }
  return { ok: true, metadata, problems };
}
