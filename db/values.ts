// The console's value lists and their types, with no database code: shared by the tables
// (db/tables.ts), the domain and client components alike.

export const ROLES = ['engineer', 'lead', 'manager', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const TICKET_STATUSES = ['new', 'acknowledged', 'investigating', 'waiting_on_customer', 'mitigated', 'resolved', 'closed'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

export const COMPONENTS = ['gateway', 'queue', 'mta', 'directory', 'ui', 'cli', 'other'] as const;
export type Component = (typeof COMPONENTS)[number];

/** A ticket's severity: Sev-1 (outage) to Sev-3 (non-blocking). The one definition. */
export const SEVERITIES = [1, 2, 3] as const;
export type Severity = (typeof SEVERITIES)[number];

export const INGEST_STATES = ['received', 'processing', 'done', 'failed'] as const;
export type IngestState = (typeof INGEST_STATES)[number];

/** Retention state: quarantined (no consent: metadata only, short window), active, purging, purged. */
export const BUNDLE_STATES = ['quarantined', 'active', 'purging', 'purged'] as const;
export type BundleState = (typeof BUNDLE_STATES)[number];

/** Parse state: contents are parsed only after consent is confirmed on the ticket. */
export const PARSE_STATES = ['pending', 'parsing', 'parsed', 'failed'] as const;
export type ParseState = (typeof PARSE_STATES)[number];
