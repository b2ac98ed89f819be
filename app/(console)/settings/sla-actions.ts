'use server';
// Admin actions for the SLA policy: business calendar (with .ics import), targets, escalation webhook.
import { z } from 'zod';
import type { Target } from '@/lib/sla';
import { SEVERITIES, SLA_TARGET_NAMES, type SlaTargets } from '@/lib/sla/policy';
import { AppError } from '@/lib/errors';
import { importIcsHolidays, setCalendar, setTargets, setWebhookSettings } from '@/lib/settings';
import { parseBusinessWeek, parseHolidayList } from '@/lib/settings/business-hours';
import { defineAction } from '@/lib/server/action';
import { invalidate } from '@/lib/server/invalidate';

const refresh = invalidate.slaPolicy;

const windowsText = z.string().max(200).default('');
const calendarInput = z.object({
  timeZone: z.string().trim().min(1, 'Time zone is required').max(100),
  holidays: z.string().max(20_000).default(''),
  mon: windowsText,
  tue: windowsText,
  wed: windowsText,
  thu: windowsText,
  fri: windowsText,
  sat: windowsText,
  sun: windowsText,
});

export const saveCalendarAction = defineAction({ permission: 'settings:manage', input: calendarInput }, async (input, { user, db }) => {
  await setCalendar(db, user, { timeZone: input.timeZone, week: parseBusinessWeek(input), holidays: parseHolidayList(input.holidays) });
  refresh();
});

export const importIcsAction = defineAction(
  { permission: 'settings:manage', input: z.object({ file: z.instanceof(File, { message: 'Choose an .ics file' }) }) },
  async ({ file }, { user, db }) => {
    if (file.size === 0) throw new AppError('INVALID_INPUT', 'Choose an .ics file.');
    if (file.size > 1_000_000) throw new AppError('INVALID_INPUT', 'The .ics file is larger than 1 MB.');
    const r = await importIcsHolidays(db, user, await file.text());
    refresh();
    return `${r.added.length} holiday${r.added.length === 1 ? '' : 's'} added${r.warnings.length ? ` (${r.warnings.length} warning${r.warnings.length > 1 ? 's' : ''}: ${r.warnings.slice(0, 2).join(' ')})` : ''}.`;
  },
);

const targetFields = Object.fromEntries(
  SEVERITIES.flatMap((s) => SLA_TARGET_NAMES.flatMap((n) => [[`t${s}_${n}_kind`, z.enum(['elapsed', 'business', 'nextBusinessDay'])], [`t${s}_${n}_minutes`, z.string().max(10).default('')]])),
);

export const saveTargetsAction = defineAction({ permission: 'settings:manage', input: z.object(targetFields) }, async (input, { user, db }) => {
  const values = input as Record<string, string>;
  const targets = {} as SlaTargets;
  for (const s of SEVERITIES) {
    const entry = {} as Record<(typeof SLA_TARGET_NAMES)[number], Target>;
    for (const n of SLA_TARGET_NAMES) {
      const kind = values[`t${s}_${n}_kind`] as Target['kind'];
      entry[n] = kind === 'nextBusinessDay' ? { kind } : { kind, minutes: Number(values[`t${s}_${n}_minutes`]) };
    }
    targets[s] = entry;
  }
  await setTargets(db, user, targets);
  refresh();
});

export const saveWebhookAction = defineAction(
  { permission: 'settings:manage', input: z.object({ url: z.string().max(2000).default(''), routingKey: z.string().max(100).default(''), statusPageUrl: z.string().max(2000).default('') }) },
  async ({ url, routingKey, statusPageUrl }, { user, db }) => {
    await setWebhookSettings(db, user, { url: url || null, routingKey: routingKey || null, statusPageUrl: statusPageUrl || null });
    refresh();
  },
);
