// The console's tables, written once for both dialects. `db/schema.sqlite.ts` and `db/schema.pg.ts`
// call `defineTables` with their column kit; table and column names are identical in both, because
// operators query them. Instants are epoch milliseconds (UTC) in integer columns in both dialects,
// so raw SQL comparing an instant with a number means the same thing everywhere.

import { sql } from 'drizzle-orm';
import type { TableKit } from './schema.sqlite';

// The value lists have one definition, in db/values.ts (client components import it from there).
import type { BundleState, Component, IngestState, ParseState, Role, Severity, TicketStatus } from './values';
export { BUNDLE_STATES, COMPONENTS, INGEST_STATES, PARSE_STATES, ROLES, SEVERITIES, TICKET_STATUSES } from './values';
export type { BundleState, Component, IngestState, ParseState, Role, Severity, TicketStatus } from './values';

/** A "Share externally" job: queued, running (with its stage and progress), ready (the encrypted
 * file is in the store for its requester until `expires_at`), failed (with a reason), expired. */
export const SHARE_STATES = ['queued', 'running', 'ready', 'failed', 'expired'] as const;
export type ShareState = (typeof SHARE_STATES)[number];

export function defineTables(kit: TableKit) {
  const { table, text, integer, bigint, real, blob, instant, json, flag, id, index, uniqueIndex, primaryKey } = kit;

  const users = table('users', {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    name: text('name').notNull().default(''),
    role: text('role').$type<Role>().notNull(),
    passwordHash: text('password_hash').notNull(),
    disabled: flag('disabled').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  });

  /** Server-side sessions: the cookie holds a random token, the table only its SHA-256. */
  const sessions = table(
    'sessions',
    {
      id: text('id').primaryKey(),
      userId: text('user_id').notNull().references(() => users.id),
      createdAt: instant('created_at').notNull(),
      expiresAt: instant('expires_at').notNull(),
      lastSeenAt: instant('last_seen_at').notNull(),
      revokedAt: instant('revoked_at'),
      ip: text('ip'),
      userAgent: text('user_agent'),
    },
    (t) => [index('sessions_user_idx').on(t.userId)],
  );

  /** Personal API tokens for scripts; stored hashed, shown once. */
  const apiTokens = table('api_tokens', {
    id: text('id').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    prefix: text('prefix').notNull(),
    createdAt: instant('created_at').notNull(),
    lastUsedAt: instant('last_used_at'),
    revokedAt: instant('revoked_at'),
  });

  /** Failed sign-in counters, one row per throttled key (`account:<email>` or `address:<ip>`). */
  const signInThrottle = table('sign_in_throttle', {
    key: text('key').primaryKey(),
    failures: integer('failures').notNull(),
    windowStart: instant('window_start').notNull(),
    lockedUntil: instant('locked_until'),
  });

  /** Append-only: triggers in the migrations refuse UPDATE and DELETE. */
  const auditLog = table(
    'audit_log',
    {
      id: id(),
      at: instant('at').notNull(),
      actorId: text('actor_id'),
      actorEmail: text('actor_email'),
      action: text('action').notNull(),
      targetType: text('target_type'),
      targetId: text('target_id'),
      detail: json<Record<string, unknown>>('detail'),
      ip: text('ip'),
    },
    (t) => [index('audit_at_idx').on(t.at), index('audit_action_idx').on(t.action)],
  );

  const tickets = table(
    'tickets',
    {
      id: id(),
      customerName: text('customer_name').notNull(),
      customerContact: text('customer_contact').notNull(),
      severity: integer('severity').$type<Severity>().notNull(),
      status: text('status').$type<TicketStatus>().notNull().default('new'),
      summary: text('summary').notNull(),
      components: json<Component[]>('components').notNull(),
      reportedAt: json<string[]>('reported_at').notNull(),
      assigneeId: text('assignee_id').references(() => users.id),
      incidentCommanderId: text('incident_commander_id').references(() => users.id),
      createdById: text('created_by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
      updatedAt: instant('updated_at').notNull(),
      // Intake checklist: who ticked each step, and when.
      triageConfirmedAt: instant('triage_confirmed_at'),
      triageConfirmedById: text('triage_confirmed_by_id').references(() => users.id),
      diagnosticsGatheredAt: instant('diagnostics_gathered_at'),
      diagnosticsGatheredById: text('diagnostics_gathered_by_id').references(() => users.id),
      consentVerifiedAt: instant('consent_verified_at'),
      consentVerifiedById: text('consent_verified_by_id').references(() => users.id),
      // SLA stops.
      acknowledgedAt: instant('acknowledged_at'),
      acknowledgedById: text('acknowledged_by_id').references(() => users.id),
      mitigatedAt: instant('mitigated_at'),
      resolvedAt: instant('resolved_at'),
      closedAt: instant('closed_at'),
      // Resolution.
      mitigationSteps: text('mitigation_steps'),
      customerNotifiedAt: instant('customer_notified_at'),
      customerNotifiedVia: text('customer_notified_via'),
      customerNotifiedMessage: text('customer_notified_message'),
      customerConfirmedAt: instant('customer_confirmed_at'),
      customerConfirmation: text('customer_confirmation'),
      releaseVersion: text('release_version'),
      releaseTaggedAt: instant('release_tagged_at'),
      learnings: text('learnings'),
      learningsCapturedAt: instant('learnings_captured_at'),
      sprintScheduled: text('sprint_scheduled'),
      // Paging lifecycle (PagerDuty Events API v2): one dedup_key per ticket, set when first paged;
      // an inbound acknowledgement from the paging service (POST /api/webhooks/paging).
      pagingDedupKey: text('paging_dedup_key'),
      pagingAcknowledgedAt: instant('paging_acknowledged_at'),
      pagingAcknowledgedBy: text('paging_acknowledged_by'),
    },
    (t) => [
      index('tickets_status_idx').on(t.status),
      index('tickets_assignee_idx').on(t.assigneeId),
      index('tickets_created_idx').on(t.createdAt),
      index('tickets_release_idx').on(t.releaseVersion),
      // Weekly report: resolved / tagged / learnings captured in a week; cadence: Sev-1/2 still open.
      index('tickets_resolved_idx').on(t.resolvedAt),
      index('tickets_release_tagged_idx').on(t.releaseTaggedAt),
      index('tickets_learnings_idx').on(t.learningsCapturedAt),
      index('tickets_severity_mitigated_idx').on(t.severity, t.mitigatedAt),
      // Covers the SLA report's scan (tickets created in a range): no table lookups for 50k rows.
      index('tickets_sla_cover_idx').on(t.createdAt, t.severity, t.acknowledgedAt, t.mitigatedAt),
      // The report's tickets with a clock still running: a few hundred among a year's 200k.
      index('tickets_sla_running_idx').on(t.createdAt).where(sql`acknowledged_at is null or mitigated_at is null`),
    ],
  );

  /** Everything that happened to a ticket, in order: the ticket page's timeline. */
  const ticketEvents = table(
    'ticket_events',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      at: instant('at').notNull(),
      actorId: text('actor_id').references(() => users.id),
      kind: text('kind').notNull(),
      data: json<Record<string, unknown>>('data'),
    },
    (t) => [index('ticket_events_ticket_idx').on(t.ticketId, t.at)],
  );

  const engineeringTasks = table(
    'engineering_tasks',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      title: text('title').notNull(),
      link: text('link').notNull(),
      bundleIds: json<string[]>('bundle_ids').notNull(),
      /** Facts of the spans the task cites (lib/trace-view/span-cards.ts), kept through the purge. */
      spanCards: json<unknown[]>('span_cards'),
      createdById: text('created_by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
    },
    (t) => [index('engineering_tasks_ticket_idx').on(t.ticketId)],
  );

  /** Time a ticket waited on the customer: the SLA clocks stop meanwhile. */
  const slaPauses = table(
    'sla_pauses',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      from: instant('from_at').notNull(),
      to: instant('to_at'),
      reason: text('reason').notNull(),
      byId: text('by_id').references(() => users.id),
    },
    (t) => [index('sla_pauses_ticket_idx').on(t.ticketId)],
  );

  /** Escalation-matrix actions recorded on the board (page, stakeholder note, update, ...). */
  const escalationActions = table(
    'escalation_actions',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      kind: text('kind').notNull(),
      at: instant('at').notNull(),
      byId: text('by_id').references(() => users.id),
      note: text('note'),
      webhookStatus: text('webhook_status'),
      webhookAttempts: integer('webhook_attempts').notNull().default(0),
      webhookResult: text('webhook_result'),
    },
    (t) => [index('escalation_ticket_idx').on(t.ticketId, t.kind, t.at)],
  );

  /**
   * Breach warnings that fired: one row per ticket, clock and threshold (percent of the target),
   * unique, so two instances evaluating at once notify once. clock 'page' marks the automatic
   * Sev-1 page of the escalation matrix.
   */
  const slaWarnings = table(
    'sla_warnings',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      clock: text('clock').notNull(),
      threshold: integer('threshold').notNull(),
      firedAt: instant('fired_at').notNull(),
      deadline: instant('deadline').notNull(),
      paged: flag('paged').notNull().default(false),
    },
    (t) => [uniqueIndex('sla_warnings_once_idx').on(t.ticketId, t.clock, t.threshold)],
  );

  /**
   * Stored SLA report contributions of the tickets of one severity created on one local day whose
   * clocks have both stopped (lib/sla/report.ts SlaStoppedSummary as JSON text). A cache: valid only
   * while `policy` (the calendar and targets) and `fingerprint` (the tickets' and pauses' inputs,
   * read from the tickets each time) match; rewritten when they do not.
   */
  /**
   * The SLA report's stored contribution of one local day's tickets whose clocks have both stopped
   * (lib/reports/sla.ts): `summary` maps each severity to its SlaStoppedSummary; [lo, hi) are the
   * day's instants. Triggers (migrations) delete a day's row when a stopped ticket of that day, or
   * one of its pauses, changes, and bump `sla_rollup_version`, which a report checks before it
   * stores what it worked out (so a change made meanwhile is never stored over).
   */
  const slaDayRollups = table(
    'sla_day_rollups',
    {
      day: integer('day').primaryKey(),
      lo: bigint('lo').notNull(),
      hi: bigint('hi').notNull(),
      policy: text('policy').notNull(),
      summary: text('summary').notNull(),
    },
    (t) => [index('sla_day_rollups_lo_idx').on(t.lo)],
  );

  /** One row (id 1): bumped by the triggers whenever a stored SLA rollup may have gone stale. */
  const slaRollupVersion = table('sla_rollup_version', {
    id: integer('id').primaryKey(),
    version: bigint('version').notNull(),
  });

  /** The in-console inbox (the header's bell): notifications for one user, read or not. */
  const inboxItems = table(
    'inbox_items',
    {
      id: id(),
      userId: text('user_id').notNull().references(() => users.id),
      ticketId: integer('ticket_id').references(() => tickets.id),
      kind: text('kind').notNull(),
      text: text('text').notNull(),
      createdAt: instant('created_at').notNull(),
      readAt: instant('read_at'),
    },
    (t) => [index('inbox_items_user_idx').on(t.userId, t.createdAt)],
  );

  /** Outgoing paging lifecycle events after the trigger (acknowledge, resolve): one each per ticket. */
  const pagingEvents = table(
    'paging_events',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      action: text('action').notNull(),
      dedupKey: text('dedup_key').notNull(),
      createdAt: instant('created_at').notNull(),
      status: text('status').notNull(),
      attempts: integer('attempts').notNull().default(0),
      result: text('result'),
    },
    (t) => [uniqueIndex('paging_events_once_idx').on(t.ticketId, t.action)],
  );

  /** Inbound paging webhooks accepted (their event id is unique: a replay is refused). */
  const pagingReceipts = table(
    'paging_receipts',
    {
      id: id(),
      eventId: text('event_id').notNull().unique(),
      ticketId: integer('ticket_id').references(() => tickets.id),
      action: text('action').notNull(),
      agent: text('agent'),
      receivedAt: instant('received_at').notNull(),
    },
  );

  /** Admin-editable settings (calendar, SLA targets, retention, limits), one JSON value per key. */
  const settings = table('settings', {
    key: text('key').primaryKey(),
    value: json<unknown>('value').notNull(),
    updatedAt: instant('updated_at').notNull(),
    updatedById: text('updated_by_id'),
  });

  /** One row per upload attempt: progress while it runs, the reason when it fails. */
  const ingestJobs = table(
    'ingest_jobs',
    {
      id: text('id').primaryKey(),
      ticketId: integer('ticket_id').references(() => tickets.id),
      source: text('source').notNull(), // upload | api | folder | cli
      fileName: text('file_name').notNull(),
      size: bigint('size').notNull(),
      sha256: text('sha256'),
      state: text('state').$type<IngestState>().notNull(),
      progress: real('progress').notNull().default(0),
      stage: text('stage'),
      problemCode: text('problem_code'),
      problem: text('problem'),
      bundleId: text('bundle_id'),
      byId: text('by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
      finishedAt: instant('finished_at'),
      /** The instance that receives it: crash repair fails only its own or a dead instance's. */
      instanceId: text('instance_id'),
    },
    (t) => [index('ingest_jobs_ticket_idx').on(t.ticketId)],
  );

  const bundles = table(
    'bundles',
    {
      id: text('id').primaryKey(), // the metadata's bundleId
      sha256: text('sha256').notNull(),
      fileName: text('file_name').notNull(),
      size: bigint('size').notNull(),
      channel: text('channel').notNull(),
      createdAt: instant('created_at').notNull(),
      ingestedAt: instant('ingested_at').notNull(),
      ticketId: integer('ticket_id').references(() => tickets.id),
      state: text('state').$type<BundleState>().notNull(),
      consentGranted: flag('consent_granted').notNull(),
      consentedAt: instant('consented_at'),
      consentConfirmedAt: instant('consent_confirmed_at'),
      consentConfirmedById: text('consent_confirmed_by_id').references(() => users.id),
      retentionDays: integer('retention_days'),
      metadata: json<Record<string, unknown>>('metadata').notNull(),
      report: json<Record<string, unknown>>('report'),
      storagePath: text('storage_path'),
      keyId: text('key_id'),
      valid: flag('valid').notNull().default(true),
      problems: json<{ code: string; message: string; entry?: string }[]>('problems').notNull().default([]),
      parseState: text('parse_state').$type<ParseState>().notNull().default('pending'),
      parseProgress: real('parse_progress').notNull().default(0),
      parseError: text('parse_error'),
      parsedAt: instant('parsed_at'),
      spanCount: integer('span_count').notNull().default(0),
      /** The instance parsing it (while `parsing`): another may take over only once it is dead. */
      parseOwner: text('parse_owner'),
    },
    (t) => [index('bundles_ticket_idx').on(t.ticketId), uniqueIndex('bundles_sha_idx').on(t.sha256), index('bundles_ingested_idx').on(t.ingestedAt)],
  );

  const bundleFindings = table(
    'bundle_findings',
    {
      id: id(),
      bundleId: text('bundle_id').notNull().references(() => bundles.id),
      entry: text('entry').notNull(),
      pointer: text('pointer').notNull(),
      line: integer('line'),
      category: text('category').notNull(),
      preview: text('preview').notNull(),
    },
    (t) => [index('findings_bundle_idx').on(t.bundleId)],
  );

  /**
   * A parsed bundle's compact key: span rows and the spans table's two indexes carry this integer
   * in place of the 36-character bundle id: over a quarter less disk per span, and a faster bulk insert.
   */
  const bundleKeys = table('bundle_keys', {
    id: id(),
    bundleId: text('bundle_id').notNull().unique().references(() => bundles.id),
  });

  /**
   * Spans of a parsed bundle. `seq` is the order read from trace.json; `pos` the position in the
   * bundle's span tree (pre-order, traces one after another), with `depth` and `subtreeSize` so a
   * waterfall can collapse subtrees without walking them. Times in µs since the epoch.
   */
  const spans = table(
    'spans',
    {
      bundleKey: integer('bundle_key').notNull().references(() => bundleKeys.id),
      seq: integer('seq').notNull(),
      traceId: text('trace_id').notNull(),
      spanId: text('span_id').notNull(),
      parentSpanId: text('parent_span_id'),
      parentSeq: integer('parent_seq'),
      pos: integer('pos'),
      depth: integer('depth').notNull().default(0),
      subtreeSize: integer('subtree_size').notNull().default(1),
      service: text('service').notNull(),
      name: text('name').notNull(),
      kind: text('kind').notNull(),
      startUs: bigint('start_us').notNull(),
      durationUs: bigint('duration_us').notNull(),
      error: flag('error').notNull(),
      errorCode: text('error_code'),
      statusMessage: text('status_message'),
      attributes: json<Record<string, unknown>>('attributes').notNull(),
      events: json<unknown[]>('events').notNull(),
      links: json<unknown[]>('links').notNull(),
    },
    (t) => [primaryKey({ columns: [t.bundleKey, t.seq] }), index('spans_pos_idx').on(t.bundleKey, t.pos)],
  );

  const series = table(
    'series',
    {
      bundleId: text('bundle_id').notNull().references(() => bundles.id),
      idx: integer('idx').notNull(),
      name: text('name').notNull(),
      unit: text('unit'),
      labels: json<Record<string, string>>('labels').notNull(),
      points: json<[number, number | null][]>('points').notNull(),
    },
    (t) => [primaryKey({ columns: [t.bundleId, t.idx] })],
  );

  /**
   * Lines of a parsed bundle's logs.ndjson, redacted like spans. `seq` is the line's order in the
   * file; `traceId` + `spanId` (lower-case hex, from attrs.trace_id / attrs.span_id) link it to a span.
   */
  const bundleLogs = table(
    'bundle_logs',
    {
      bundleId: text('bundle_id').notNull().references(() => bundles.id),
      seq: integer('seq').notNull(),
      lineNo: integer('line_no').notNull(),
      /** Epoch µs; null when the line has no readable time. */
      tsUs: bigint('ts_us'),
      level: text('level').notNull(),
      msg: text('msg').notNull(),
      attrs: json<Record<string, unknown>>('attrs').notNull(),
      traceId: text('trace_id'),
      spanId: text('span_id'),
    },
    (t) => [
      primaryKey({ columns: [t.bundleId, t.seq] }),
      index('bundle_logs_span_idx').on(t.bundleId, t.spanId),
      index('bundle_logs_ts_idx').on(t.bundleId, t.tsUs),
    ],
  );

  /** Derived, cacheable views of a parsed bundle (e.g. the timeline skeleton); purged with it. */
  const bundleDerived = table(
    'bundle_derived',
    {
      bundleId: text('bundle_id').notNull().references(() => bundles.id),
      key: text('key').notNull(),
      value: blob('value').notNull(),
      createdAt: instant('created_at').notNull(),
    },
    (t) => [primaryKey({ columns: [t.bundleId, t.key] })],
  );

  /** What stays of a purged bundle, so tickets and tasks that cite it can say "purged on ...". */
  const bundleTombstones = table('bundle_tombstones', {
    bundleId: text('bundle_id').primaryKey(),
    sha256: text('sha256').notNull(),
    ticketId: integer('ticket_id'),
    size: bigint('size').notNull(),
    reason: text('reason').notNull(),
    purgedAt: instant('purged_at').notNull(),
    purgedBy: text('purged_by').notNull(),
  });

  /** One row per running instance (server or CLI): its heartbeat says it is alive. Work owned by
   * an instance whose heartbeat went stale is repaired by the others. */
  const instances = table('instances', {
    id: text('id').primaryKey(),
    host: text('host').notNull(),
    pid: integer('pid').notNull(),
    role: text('role').notNull(), // web | worker | all | cli
    startedAt: instant('started_at').notNull(),
    heartbeatAt: instant('heartbeat_at').notNull(),
  });

  /**
   * Updates to the customer, written from a template and edited by the engineer. `status`:
   * queued (waiting for the mail job), sent, failed (SMTP refused it; `lastError` says why), or
   * manual (no SMTP configured: the text waits to be sent by hand, then is marked sent).
   */
  const customerUpdates = table(
    'customer_updates',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      situation: text('situation').notNull(),
      severity: integer('severity').$type<Severity>().notNull(),
      recipient: text('recipient').notNull(),
      subject: text('subject').notNull(),
      body: text('body').notNull(),
      status: text('status').$type<'queued' | 'sent' | 'failed' | 'manual'>().notNull(),
      attempts: integer('attempts').notNull().default(0),
      lastError: text('last_error'),
      messageId: text('message_id'),
      createdById: text('created_by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
      sentAt: instant('sent_at'),
      sentById: text('sent_by_id').references(() => users.id),
    },
    (t) => [index('customer_updates_ticket_idx').on(t.ticketId, t.createdAt), index('customer_updates_status_idx').on(t.status)],
  );

  /**
   * Single-use links by which a customer confirms the fix (the runbook's customer confirmation):
   * only the SHA-256 of the token is stored; `usedAt` is set once, atomically.
   */
  const confirmationLinks = table(
    'confirmation_links',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      updateId: integer('update_id').references(() => customerUpdates.id),
      tokenHash: text('token_hash').notNull().unique(),
      createdById: text('created_by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
      expiresAt: instant('expires_at').notNull(),
      usedAt: instant('used_at'),
    },
    (t) => [index('confirmation_links_ticket_idx').on(t.ticketId)],
  );

  /** A ticket linked under a parent incident (another ticket, which carries the escalation). */
  const incidentLinks = table(
    'incident_links',
    {
      childTicketId: integer('child_ticket_id').primaryKey().references(() => tickets.id),
      parentTicketId: integer('parent_ticket_id').notNull().references(() => tickets.id),
      linkedById: text('linked_by_id').references(() => users.id),
      linkedAt: instant('linked_at').notNull(),
    },
    (t) => [index('incident_links_parent_idx').on(t.parentTicketId)],
  );

  /** The post-incident review of a Sev-1/2 ticket (Markdown), or a lead's recorded waiver. */
  const incidentReviews = table('incident_reviews', {
    ticketId: integer('ticket_id').primaryKey().references(() => tickets.id),
    body: text('body'),
    completedAt: instant('completed_at'),
    completedById: text('completed_by_id').references(() => users.id),
    waiverReason: text('waiver_reason'),
    waivedAt: instant('waived_at'),
    waivedById: text('waived_by_id').references(() => users.id),
    updatedAt: instant('updated_at').notNull(),
    updatedById: text('updated_by_id').references(() => users.id),
  });

  /** Action items of a post-incident review, tracked to done; the weekly report lists open ones. */
  const reviewActionItems = table(
    'review_action_items',
    {
      id: id(),
      ticketId: integer('ticket_id').notNull().references(() => tickets.id),
      title: text('title').notNull(),
      owner: text('owner'),
      createdById: text('created_by_id').references(() => users.id),
      createdAt: instant('created_at').notNull(),
      doneAt: instant('done_at'),
      doneById: text('done_by_id').references(() => users.id),
    },
    (t) => [index('review_action_items_ticket_idx').on(t.ticketId), index('review_action_items_done_idx').on(t.doneAt)],
  );

  /** A user's saved ticket-list filters: a name and the list's query string (the view is a URL). */
  const savedViews = table(
    'saved_views',
    {
      id: id(),
      userId: text('user_id').notNull().references(() => users.id),
      name: text('name').notNull(),
      query: text('query').notNull(),
      createdAt: instant('created_at').notNull(),
    },
    (t) => [uniqueIndex('saved_views_user_name_idx').on(t.userId, t.name)],
  );

  /** Sanitized, age-encrypted copies of a bundle being prepared or kept for the lead who asked.
   * No secret is stored here: the passphrase travels sealed in the job's payload only. */
  const shareJobs = table(
    'share_jobs',
    {
      id: text('id').primaryKey(),
      bundleId: text('bundle_id').notNull(),
      requesterId: text('requester_id').notNull().references(() => users.id),
      /** passphrase | x25519 */
      method: text('method').notNull(),
      /** The age public key for x25519; null for a passphrase. */
      recipient: text('recipient'),
      purpose: text('purpose'),
      state: text('state').$type<ShareState>().notNull(),
      stage: text('stage'),
      /** Overall progress in [0, 1]. */
      progress: real('progress').notNull().default(0),
      /** Bytes done / total of the running stage. */
      bytesDone: bigint('bytes_done').notNull().default(0),
      bytesTotal: bigint('bytes_total').notNull().default(0),
      /** The store's object, set only once it is complete. */
      objectName: text('object_name'),
      fileName: text('file_name').notNull(),
      size: bigint('size'),
      redactions: json('redactions').$type<Record<string, number>>(),
      problem: text('problem'),
      /** The instance running it (crash repair fails only its own or a dead instance's). */
      instanceId: text('instance_id'),
      createdAt: instant('created_at').notNull(),
      startedAt: instant('started_at'),
      finishedAt: instant('finished_at'),
      expiresAt: instant('expires_at'),
    },
    (t) => [index('share_jobs_bundle_idx').on(t.bundleId), index('share_jobs_state_idx').on(t.state)],
  );

  return { users, sessions, apiTokens, signInThrottle, auditLog, tickets, ticketEvents, engineeringTasks, slaPauses, escalationActions, settings, ingestJobs, bundles, bundleFindings, bundleKeys, spans, series, bundleLogs, bundleDerived, bundleTombstones, instances, slaWarnings, slaDayRollups, slaRollupVersion, inboxItems, pagingEvents, pagingReceipts, savedViews,
    customerUpdates, confirmationLinks, incidentLinks, incidentReviews, reviewActionItems, shareJobs,
  };
}
