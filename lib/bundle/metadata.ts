// metadata.json: validation, agreement with the file name, and the consent decision (spec:
// consent only when telemetry.enabled === true and consentedAt is a time at or before createdAt).

import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';
import type { BundleFileName } from './archive';
import type { Problem } from './problems';

// zod/mini, not zod: every inspect loads this module, and the full library took 25-35 ms of the
// CLI's start to load. Its messages in English, as the full library's are by default.
z.config(en());

const isoTime = z.string().check(z.refine((s) => !Number.isNaN(Date.parse(s)), 'not a date-time'));

export const metadataSchema = z.looseObject({
  schemaVersion: z.literal(1),
  bundleId: z.string().check(z.regex(/^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/, 'not a UUID')),
  createdAt: isoTime,
  channel: z.enum(['ui', 'cli']),
  product: z.optional(z.looseObject({ name: z.string(), version: z.string() })),
  tenant: z.optional(z.looseObject({ id: z.string() })),
  telemetry: z.optional(
    z.looseObject({
      enabled: z.optional(z.unknown()),
      consentedAt: z.optional(z.unknown()),
      scope: z.optional(z.array(z.string())),
      retentionDays: z.optional(z.int().check(z.minimum(1), z.maximum(3650))),
    }),
  ),
  redaction: z.optional(z.looseObject({ applied: z.boolean() })),
  reportedAt: z.optional(z.array(isoTime)),
});

export type BundleMetadata = z.infer<typeof metadataSchema>;

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
  const parsed = metadataSchema.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    return { ok: false, problems: [{ code: 'METADATA_INVALID', message: `metadata.json is invalid: ${issues}`, entry: 'metadata.json' }] };
  }
  const metadata = parsed.data;
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
