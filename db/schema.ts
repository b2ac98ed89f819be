// The active dialect's tables: PostgreSQL when X400_DATABASE_URL is set, SQLite otherwise (chosen
// once, at module load). Both are defined once in db/tables.ts and typed as the SQLite tables, so
// every query type-checks against one schema.
import * as pgSchema from './schema.pg';
import * as sqliteSchema from './schema.sqlite';

export * from './tables';

/** Whether this process keeps its data in PostgreSQL (distributed mode). */
export const usesPostgres = (env: NodeJS.ProcessEnv = process.env): boolean => (env.X400_DATABASE_URL ?? '').trim() !== '';

const active = usesPostgres() ? pgSchema : sqliteSchema;

export const { users, sessions, apiTokens, signInThrottle, auditLog, tickets, ticketEvents, engineeringTasks, slaPauses, escalationActions, settings, ingestJobs, bundles, bundleFindings, bundleKeys, spans, series, bundleLogs, bundleDerived, bundleTombstones, instances, slaWarnings, slaDayRollups, slaRollupVersion, inboxItems, pagingEvents, pagingReceipts, savedViews, customerUpdates, confirmationLinks, incidentLinks, incidentReviews, reviewActionItems, shareJobs } = active;

export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type ApiToken = typeof apiTokens.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
export type Ticket = typeof tickets.$inferSelect;
export type NewTicket = typeof tickets.$inferInsert;
export type TicketEvent = typeof ticketEvents.$inferSelect;
export type EngineeringTask = typeof engineeringTasks.$inferSelect;
export type SlaPause = typeof slaPauses.$inferSelect;
export type EscalationAction = typeof escalationActions.$inferSelect;
export type IngestJob = typeof ingestJobs.$inferSelect;
export type Bundle = typeof bundles.$inferSelect;
export type BundleFinding = typeof bundleFindings.$inferSelect;
export type SpanRow = typeof spans.$inferSelect;
export type SeriesRow = typeof series.$inferSelect;
export type BundleLogRow = typeof bundleLogs.$inferSelect;
export type BundleTombstone = typeof bundleTombstones.$inferSelect;
export type Instance = typeof instances.$inferSelect;
export type ShareJob = typeof shareJobs.$inferSelect;
export type SavedView = typeof savedViews.$inferSelect;
export type SlaWarning = typeof slaWarnings.$inferSelect;
export type InboxItem = typeof inboxItems.$inferSelect;
export type PagingEvent = typeof pagingEvents.$inferSelect;
export type CustomerUpdate = typeof customerUpdates.$inferSelect;
export type NewCustomerUpdate = typeof customerUpdates.$inferInsert;
export type ConfirmationLink = typeof confirmationLinks.$inferSelect;
export type IncidentLink = typeof incidentLinks.$inferSelect;
export type IncidentReview = typeof incidentReviews.$inferSelect;
export type ReviewActionItem = typeof reviewActionItems.$inferSelect;
