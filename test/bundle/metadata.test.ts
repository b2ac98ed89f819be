// metadata.json's validation: every field of the contract checked, each problem named by its path,
// other keys kept; and its agreement with the bundle's file name.
import { describe, expect, it } from 'vitest';
import { parseBundleFileName } from '@/lib/bundle/archive';
import { validateMetadata } from '@/lib/bundle/metadata';

const VALID = {
  schemaVersion: 1,
  bundleId: '0f9c3a6e-5d1b-4c1e-9a77-2b8f3d4e5a61',
  createdAt: '2026-11-26T21:58:03Z',
  channel: 'cli',
  product: { name: 'x400-gateway', version: '7.2.1', build: 'abc' },
  tenant: { id: 'acme' },
  telemetry: { enabled: true, consentedAt: '2026-11-26T21:00:00Z', scope: ['trace', 'snapshot'], retentionDays: 30 },
  redaction: { applied: true },
  reportedAt: ['2026-11-26T21:10:00Z'],
  vendorNote: { anything: [1, 2] },
};

/** The problem message of `raw`, or null when it is valid. */
function invalid(raw: unknown): string | null {
  const result = validateMetadata(raw, null);
  if (result.ok) return null;
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0].code).toBe('METADATA_INVALID');
  return result.problems[0].message;
}

const withField = (changes: Record<string, unknown>) => ({ ...VALID, ...changes });

describe('metadata.json validation', () => {
  it('accepts the full contract and keeps keys it does not know', () => {
    const result = validateMetadata(VALID, null);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.metadata.bundleId).toBe(VALID.bundleId);
    expect(result.metadata.vendorNote).toEqual({ anything: [1, 2] });
    expect(result.metadata.product?.build).toBe('abc');
  });

  it('accepts the required fields alone', () => {
    const { schemaVersion, bundleId, createdAt, channel } = VALID;
    expect(invalid({ schemaVersion, bundleId, createdAt, channel })).toBeNull();
  });

  it('refuses a document that is not an object', () => {
    for (const raw of [[], null, 'metadata', 1]) expect(invalid(raw)).toBe('metadata.json is invalid: (root): expected an object');
  });

  it('names each required field that is missing or wrong', () => {
    expect(invalid({})).toBe('metadata.json is invalid: schemaVersion: expected 1; bundleId: expected a string; createdAt: expected a string; channel: expected "ui" or "cli"');
    expect(invalid(withField({ schemaVersion: 2 }))).toContain('schemaVersion: expected 1');
    expect(invalid(withField({ bundleId: 'nope' }))).toContain('bundleId: not a UUID');
    expect(invalid(withField({ createdAt: 'yesterday' }))).toContain('createdAt: not a date-time');
    expect(invalid(withField({ channel: 'web' }))).toContain('channel: expected "ui" or "cli"');
  });

  it('checks the optional blocks when present, null included', () => {
    expect(invalid(withField({ product: 'x400' }))).toContain('product: expected an object');
    expect(invalid(withField({ product: { name: 1 } }))).toBe('metadata.json is invalid: product.name: expected a string; product.version: expected a string');
    expect(invalid(withField({ tenant: {} }))).toContain('tenant.id: expected a string');
    expect(invalid(withField({ telemetry: null }))).toContain('telemetry: expected an object');
    expect(invalid(withField({ telemetry: { scope: ['trace', 2] } }))).toContain('telemetry.scope.1: expected a string');
    expect(invalid(withField({ telemetry: { scope: 'trace' } }))).toContain('telemetry.scope: expected an array');
    expect(invalid(withField({ redaction: { applied: 'yes' } }))).toContain('redaction.applied: expected true or false');
    expect(invalid(withField({ reportedAt: ['2026-11-26T21:10:00Z', 'later'] }))).toContain('reportedAt.1: not a date-time');
    expect(invalid(withField({ reportedAt: '2026-11-26T21:10:00Z' }))).toContain('reportedAt: expected an array');
  });

  it('takes retention as a whole number of days from 1 to 3650', () => {
    for (const days of [1, 30, 3650]) expect(invalid(withField({ telemetry: { retentionDays: days } }))).toBeNull();
    for (const days of [0, 3651, 1.5, '30', null]) {
      expect(invalid(withField({ telemetry: { retentionDays: days } })), String(days)).toContain('telemetry.retentionDays: expected a whole number of days from 1 to 3650');
    }
  });

  it('leaves consent fields of any type to the consent decision', () => {
    expect(invalid(withField({ telemetry: { enabled: 'yes', consentedAt: 12 } }))).toBeNull();
  });

  it('lists at most five problems', () => {
    const message = invalid({ product: 1, tenant: 1, telemetry: 1, redaction: 1, reportedAt: 1 })!;
    expect(message.split('; ')).toHaveLength(5);
    expect(message).toBe('metadata.json is invalid: schemaVersion: expected 1; bundleId: expected a string; createdAt: expected a string; channel: expected "ui" or "cli"; product: expected an object');
  });

  it('checks createdAt and channel against the file name, to the second', () => {
    const name = parseBundleFileName('trace-20261126T215803Z-cli.zip');
    expect(validateMetadata(VALID, name)).toMatchObject({ ok: true, problems: [] });
    const other = validateMetadata(withField({ createdAt: '2026-11-26T21:58:04Z', channel: 'ui' }), name);
    expect(other.ok).toBe(true);
    expect(other.problems.map((p) => p.code)).toEqual(['METADATA_MISMATCH', 'METADATA_MISMATCH']);
    expect(other.problems[1].message).toBe('channel "ui" does not match the file name\'s "cli"');
  });
});
