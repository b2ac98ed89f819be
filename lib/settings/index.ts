// Typed settings: the business calendar, the SLA targets and the escalation webhook. Reads fall
// back to the defaults (lib/sla/policy, X400_WEBHOOK_URL); writes are validated, admin-only and
// audited.
import { withTransaction, type Db } from '@/db/client';
import { appendAudit } from '@/db/queries/audit';
import { readSettings, writeSetting } from '@/db/queries/settings';
import type { Actor } from '@/lib/auth/accounts';
import { requirePermission } from '@/lib/auth/guard';
import { config } from '@/lib/env';
import { AppError } from '@/lib/errors';
import type { BusinessCalendar } from '@/lib/sla';
import { mergeHolidays, parseIcsHolidays } from '@/lib/sla/ics';
import { defaultCalendar, defaultTargets, validateCalendar, validateTargets, type SlaTargets } from '@/lib/sla/policy';

export const SETTING_KEYS = { calendar: 'sla.calendar', targets: 'sla.targets', webhook: 'escalation.webhook' } as const;


export interface WebhookSettings {
  /** Admin-set URL; null falls back to X400_WEBHOOK_URL. */
  url: string | null;
  /** PagerDuty Events API v2 integration (routing) key for paging; optional. */
  routingKey: string | null;
  /**
   * Where status-page updates go (our own JSON shape, lib/escalation/webhook.ts), separate from
   * paging: PagerDuty's Events API refuses that body. Null: status-page updates are not sent.
   */
  statusPageUrl?: string | null;
}

export interface SlaPolicy {
  calendar: BusinessCalendar;
  targets: SlaTargets;
}

function normalizeTargets(raw: unknown): SlaTargets | null {
  if (validateTargets(raw).length) return null;
  const t = raw as Record<string, SlaTargets[1]>;
  return { 1: t['1'], 2: t['2'], 3: t['3'] };
}

/** The calendar and targets in force (stored values when valid, else the runbook's defaults). */
export async function getSlaPolicy(db: Db): Promise<SlaPolicy> {
  const stored = await readSettings(db, [SETTING_KEYS.calendar, SETTING_KEYS.targets]);
  const cal = stored.get(SETTING_KEYS.calendar);
  return {
    calendar: cal !== undefined && validateCalendar(cal).length === 0 ? (cal as BusinessCalendar) : defaultCalendar('UTC'),
    targets: normalizeTargets(stored.get(SETTING_KEYS.targets)) ?? defaultTargets(),
  };
}

export async function getCalendar(db: Db): Promise<BusinessCalendar> {
  return (await getSlaPolicy(db)).calendar;
}

export async function getTargets(db: Db): Promise<SlaTargets> {
  return (await getSlaPolicy(db)).targets;
}

async function save(db: Db, actor: Actor, key: string, value: unknown, now: Date, detail: Record<string, unknown>) {
  await withTransaction(db, async (tx) => {
    await writeSetting(tx, key, value, actor.id, now);
    await appendAudit(tx, { at: now, actorId: actor.id, actorEmail: actor.email, action: 'settings.update', targetType: 'setting', targetId: key, detail });
  });
}

/** Sorted, de-duplicated windows and holidays, so equal calendars store equally. */
function tidyCalendar(c: BusinessCalendar): BusinessCalendar {
  const week = { ...c.week };
  for (const k of Object.keys(week) as (keyof BusinessCalendar['week'])[]) week[k] = [...week[k]].sort((a, b) => a[0].localeCompare(b[0]));
  return { timeZone: c.timeZone.trim(), week, holidays: [...new Set(c.holidays)].sort() };
}

export async function setCalendar(db: Db, actor: Actor, calendar: BusinessCalendar, now = new Date()): Promise<BusinessCalendar> {
  requirePermission(actor, 'settings:manage');
  const problems = validateCalendar(calendar);
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join(' '));
  const tidy = tidyCalendar(calendar);
  await save(db, actor, SETTING_KEYS.calendar, tidy, now, { timeZone: tidy.timeZone, holidays: tidy.holidays.length });
  return tidy;
}

export async function setTargets(db: Db, actor: Actor, targets: SlaTargets, now = new Date()): Promise<SlaTargets> {
  requirePermission(actor, 'settings:manage');
  const problems = validateTargets(targets);
  if (problems.length) throw new AppError('INVALID_INPUT', problems.join(' '));
  await save(db, actor, SETTING_KEYS.targets, targets, now, { targets });
  return targets;
}

/** Adds the holidays of an iCalendar file to the calendar; returns what was added and the warnings. */
export async function importIcsHolidays(db: Db, actor: Actor, icsText: string, now = new Date()): Promise<{ added: string[]; warnings: string[]; calendar: BusinessCalendar }> {
  requirePermission(actor, 'settings:manage');
  if (!/BEGIN:VCALENDAR/i.test(icsText)) throw new AppError('INVALID_INPUT', 'That file is not an iCalendar (.ics) file: it has no BEGIN:VCALENDAR.');
  const current = await getCalendar(db);
  const { dates, warnings } = parseIcsHolidays(icsText, { timeZone: current.timeZone, now });
  if (dates.length === 0) throw new AppError('INVALID_INPUT', `No holidays found in the file.${warnings.length ? ' ' + warnings.slice(0, 3).join(' ') : ''}`);
  const before = new Set(current.holidays);
  const merged = mergeHolidays(current.holidays, dates);
  const calendar = await setCalendar(db, actor, { ...current, holidays: merged }, now);
  return { added: dates.filter((d) => !before.has(d)), warnings, calendar };
}

export async function getWebhookSettings(db: Db): Promise<WebhookSettings> {
  const raw = (await readSettings(db, [SETTING_KEYS.webhook])).get(SETTING_KEYS.webhook) as Partial<WebhookSettings> | undefined;
  return {
    url: typeof raw?.url === 'string' && raw.url ? raw.url : null,
    routingKey: typeof raw?.routingKey === 'string' && raw.routingKey ? raw.routingKey : null,
    statusPageUrl: typeof raw?.statusPageUrl === 'string' && raw.statusPageUrl ? raw.statusPageUrl : null,
  };
}

/** Which webhook an escalation action uses: paging (PagerDuty) or the status page. */
export type WebhookPurpose = 'page' | 'status';

/**
 * The destination of one kind of webhook: paging goes to the paging URL (the admin setting, else
 * X400_WEBHOOK_URL) with the routing key; status-page updates only to the status-page URL.
 */
export async function webhookTarget(db: Db, purpose: WebhookPurpose): Promise<{ url: string | null; routingKey: string | null; missing: string }> {
  if (purpose === 'status') {
    return { url: (await getWebhookSettings(db)).statusPageUrl ?? null, routingKey: null, missing: 'No status-page URL is configured (Settings → Escalation webhooks).' };
  }
  const paging = await effectiveWebhook(db);
  return { url: paging.url, routingKey: paging.routingKey, missing: 'No paging URL is configured (X400_WEBHOOK_URL or Settings → Escalation webhooks).' };
}

/** Where escalation webhooks go: the admin setting, else X400_WEBHOOK_URL, else nowhere. */
export async function effectiveWebhook(db: Db): Promise<{ url: string | null; routingKey: string | null; source: 'settings' | 'environment' | 'none' }> {
  const s = await getWebhookSettings(db);
  if (s.url) return { url: s.url, routingKey: s.routingKey, source: 'settings' };
  const env = config().webhookUrl;
  return { url: env, routingKey: s.routingKey, source: env ? 'environment' : 'none' };
}

export async function setWebhookSettings(db: Db, actor: Actor, value: WebhookSettings, now = new Date()): Promise<WebhookSettings> {
  requirePermission(actor, 'settings:manage');
  const url = value.url?.trim() || null;
  if (url !== null) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new AppError('INVALID_INPUT', `"${url}" is not a URL.`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('INVALID_INPUT', 'The webhook URL must start with http:// or https://.');
  }
  const routingKey = value.routingKey?.trim() || null;
  if (routingKey !== null && !/^[A-Za-z0-9]{8,64}$/.test(routingKey)) throw new AppError('INVALID_INPUT', 'The routing key is 8–64 letters and digits (PagerDuty shows 32).');
  const statusPageUrl = value.statusPageUrl?.trim() || null;
  if (statusPageUrl !== null) {
    let parsed: URL;
    try {
      parsed = new URL(statusPageUrl);
    } catch {
      throw new AppError('INVALID_INPUT', `"${statusPageUrl}" is not a URL (status page).`);
    }
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new AppError('INVALID_INPUT', 'The status-page URL must start with http:// or https://.');
  }
  const clean = { url, routingKey, statusPageUrl };
  await save(db, actor, SETTING_KEYS.webhook, clean, now, { url, routingKey: routingKey ? `${routingKey.slice(0, 4)}…` : null, statusPageUrl });
  return clean;
}
