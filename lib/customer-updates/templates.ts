// Customer-update templates (macros) per severity and situation, and their filling from the
// ticket's facts. Pure: the facts are gathered by facts.ts; the engineer edits the result before
// it is sent. Placeholders are {{name}}; an unknown one is left as written so the engineer sees it.
import type { Severity } from '@/lib/sla/policy';

export const SITUATIONS = ['acknowledged', 'investigating', 'mitigated', 'resolved'] as const;
export type Situation = (typeof SITUATIONS)[number];

export const SITUATION_LABELS: Record<Situation, string> = {
  acknowledged: 'Acknowledged',
  investigating: 'Investigating',
  mitigated: 'Mitigated',
  resolved: 'Resolved: please confirm',
};

/** Situations whose update may carry the customer's single-use confirmation link. */
export const CONFIRMING_SITUATIONS: readonly Situation[] = ['mitigated', 'resolved'];

export interface UpdateFacts {
  ticketId: number;
  severity: Severity;
  summary: string;
  /** Remediation guidance of the error codes seen in the ticket's bundles (docs/errors.md). */
  remediations: { code: string; title: string; remediation: string }[];
  /** One line on the SLA clock the customer cares about now (e.g. "mitigation target: 16:30 UTC"). */
  slaLine: string;
  /** When the escalation matrix wants the next update, counted from now; null when no cadence applies. */
  nextUpdateAt: Date | null;
  mitigationSteps: string | null;
  releaseVersion: string | null;
  /** Replaced by the link when the update is sent with one (the text keeps the placeholder until then). */
  confirmationLink?: string;
}

export interface UpdateDraft {
  situation: Situation;
  subject: string;
  body: string;
}

const SUBJECT = '[Ticket #{{ticket}}] {{situationTitle}}: {{summary}}';

const OPENING: Record<Severity, string> = {
  1: 'We are treating this as a Sev-1 incident (complete delivery outage) with the highest priority.',
  2: 'We are treating this as a Sev-2 incident (degraded service).',
  3: 'We have logged this as a Sev-3 issue (non-blocking).',
};

const BODIES: Record<Situation, string> = {
  acknowledged: [
    'Hello,',
    '',
    'we have received your report "{{summary}}" and an engineer is on it. {{opening}}',
    '',
    '{{sla}}',
    '{{nextUpdate}}',
    '',
    'Kind regards,',
    'X400 Support',
  ].join('\n'),
  investigating: [
    'Hello,',
    '',
    'an update on "{{summary}}": we are investigating with the diagnostic bundle you sent.',
    '',
    '{{remediation}}',
    '',
    '{{sla}}',
    '{{nextUpdate}}',
    '',
    'Kind regards,',
    'X400 Support',
  ].join('\n'),
  mitigated: [
    'Hello,',
    '',
    'the impact of "{{summary}}" has been mitigated. What we did:',
    '',
    '{{mitigation}}',
    '',
    '{{remediation}}',
    '',
    'Please tell us whether service is back to normal on your side{{confirmationSentence}}',
    '{{nextUpdate}}',
    '',
    'Kind regards,',
    'X400 Support',
  ].join('\n'),
  resolved: [
    'Hello,',
    '',
    'we consider "{{summary}}" resolved.{{release}}',
    '',
    '{{mitigation}}',
    '',
    'Please confirm that the issue is resolved for you{{confirmationSentence}}',
    '',
    'Kind regards,',
    'X400 Support',
  ].join('\n'),
};

function formatUtc(d: Date): string {
  return `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

function remediationText(facts: UpdateFacts): string {
  if (facts.remediations.length === 0) return 'We have not yet matched the errors to a known cause; we will tell you as soon as we have.';
  const lines = facts.remediations.map((r) => `- ${r.code} (${r.title}): ${r.remediation}`);
  return ['The errors we see and the guidance for them:', ...lines].join('\n');
}

/** The values the placeholders take for one situation. */
export function placeholderValues(facts: UpdateFacts, situation: Situation): Record<string, string> {
  const link = facts.confirmationLink;
  return {
    ticket: String(facts.ticketId),
    summary: facts.summary,
    severity: `Sev-${facts.severity}`,
    situationTitle: SITUATION_LABELS[situation],
    opening: OPENING[facts.severity],
    remediation: remediationText(facts),
    sla: facts.slaLine,
    nextUpdate: facts.nextUpdateAt ? `Our next update will reach you by ${formatUtc(facts.nextUpdateAt)}.` : '',
    mitigation: facts.mitigationSteps?.trim() || '(describe what was done)',
    release: facts.releaseVersion ? ` The fix ships in release ${facts.releaseVersion}.` : '',
    confirmationSentence: link ? `; one click on this link records your confirmation (no account needed):\n${link}` : ' by replying to this message.',
  };
}

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? values[name] : whole));
}

/** The update for one situation, filled from the ticket's facts; blank-line runs collapsed. */
export function draftUpdate(facts: UpdateFacts, situation: Situation): UpdateDraft {
  const values = placeholderValues(facts, situation);
  const body = fillTemplate(BODIES[situation], values)
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return { situation, subject: fillTemplate(SUBJECT, values).slice(0, 200), body };
}

/** The placeholder a confirming update carries until the link is minted at sending. */
export const CONFIRMATION_LINK_PLACEHOLDER = '{{confirmationLink}}';
