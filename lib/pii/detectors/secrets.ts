// Detector: well-known credential formats (docs/pii-rules.md, "secret").
//
// A prefix-anchored table. Formats (prefixes, lengths, alphabets) are taken from the vendors'
// documentation and from the gitleaks / secretlint rule lists as facts about those formats; the
// patterns and tests are our own. Each row: the vendor, a literal that must occur (the gate), and
// the pattern. A pattern with a capture group reports only that group (`sig=<value>`).
// Validator: the random part must not be a placeholder run (`XXXX…`, `0000…`, `****`).

import type { Push } from '../types';
import { LiteralGate, type GateLiteral } from '../gate';

interface SecretFormat {
  vendor: string;
  /** A literal the text must contain for the pattern to be tried (builds the one gate regex). */
  gate: string;
  pattern: string;
}

/** Not preceded by a token character: the prefix starts the token. */
const B = String.raw`(?<![A-Za-z0-9_])`;
/** Not followed by more token characters. */
const E = String.raw`(?![A-Za-z0-9_])`;

export const SECRET_FORMATS: readonly SecretFormat[] = [
  // signed tokens and keys
  { vendor: 'JWT', gate: 'eyJ', pattern: String.raw`(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.ey[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*` },
  { vendor: 'PEM private key', gate: '-----BEGIN', pattern: String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|[\s\S]*)` },
  { vendor: 'age', gate: 'AGE-SECRET-KEY-1', pattern: String.raw`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}` },
  // cloud providers
  { vendor: 'AWS access key id', gate: 'A', pattern: String.raw`(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z0-9]{16}(?![A-Za-z0-9])` },
  { vendor: 'Google API key', gate: 'AIza', pattern: String.raw`${B}AIza[0-9A-Za-z_\-]{35}` },
  { vendor: 'Google OAuth client secret', gate: 'GOCSPX-', pattern: String.raw`${B}GOCSPX-[0-9A-Za-z_\-]{28}` },
  { vendor: 'Google OAuth access token', gate: 'ya29.', pattern: String.raw`${B}ya29\.[0-9A-Za-z_\-]{60,}` },
  { vendor: 'Azure storage account key', gate: 'AccountKey=', pattern: String.raw`(?<![A-Za-z0-9])AccountKey=([A-Za-z0-9+/]{20,}={0,2})` },
  { vendor: 'Azure shared access key', gate: 'SharedAccessKey=', pattern: String.raw`(?<![A-Za-z0-9])SharedAccessKey=([A-Za-z0-9+/]{20,}={0,2})` },
  { vendor: 'Azure SAS signature', gate: 'sig=', pattern: String.raw`[?&;]sig=([A-Za-z0-9%+/]{30,}(?:=|%3[dD]){0,2})` },
  { vendor: 'Azure AD client secret', gate: 'Q~', pattern: String.raw`${B}[A-Za-z0-9_~.]{3}\dQ~[A-Za-z0-9_~.\-]{31,34}${E}` },
  { vendor: 'Alibaba Cloud access key id', gate: 'LTAI', pattern: String.raw`${B}LTAI[A-Za-z0-9]{12,20}${E}` },
  { vendor: 'DigitalOcean', gate: '_v1_', pattern: String.raw`${B}do[opr]_v1_[a-f0-9]{64}` },
  { vendor: 'Heroku', gate: 'HRKU-', pattern: String.raw`${B}HRKU-[A-Za-z0-9_\-]{60}` },
  { vendor: 'Supabase', gate: 'sbp_', pattern: String.raw`${B}sbp_[a-f0-9]{40}` },
  { vendor: 'Fly.io', gate: 'fo1_', pattern: String.raw`${B}fo1_[A-Za-z0-9_\-]{43}` },
  { vendor: 'Netlify', gate: 'nf', pattern: String.raw`${B}nf[pc]_[A-Za-z0-9]{36}` },
  { vendor: 'PlanetScale', gate: 'pscale_', pattern: String.raw`${B}pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_=.\-]{32,64}` },
  { vendor: 'Databricks', gate: 'dapi', pattern: String.raw`${B}dapi[a-f0-9]{32}(?:-\d)?${E}` },
  { vendor: 'Terraform Cloud', gate: '.atlasv1.', pattern: String.raw`${B}[A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=\-]{60,70}` },
  { vendor: 'HashiCorp Vault', gate: 'hv', pattern: String.raw`${B}hv[sbr]\.[A-Za-z0-9_\-]{24,}` },
  { vendor: 'Doppler', gate: 'dp.', pattern: String.raw`${B}dp\.(?:pt|st|sa|ct|scim|audit)\.[A-Za-z0-9]{40,44}` },
  { vendor: 'Pulumi', gate: 'pul-', pattern: String.raw`${B}pul-[a-f0-9]{40}${E}` },
  { vendor: 'Dynatrace', gate: 'dt0c01.', pattern: String.raw`${B}dt0c01\.[A-Z0-9]{24}\.[A-Z0-9]{64}` },
  { vendor: 'Cloudflare origin CA key', gate: 'v1.0-', pattern: String.raw`${B}v1\.0-[a-f0-9]{24}-[a-f0-9]{146}` },
  // code hosting, CI, registries
  { vendor: 'GitHub token', gate: 'gh', pattern: String.raw`${B}gh[pousr]_[A-Za-z0-9]{30,255}` },
  { vendor: 'GitHub fine-grained PAT', gate: 'github_pat_', pattern: String.raw`${B}github_pat_[A-Za-z0-9_]{40,}` },
  { vendor: 'GitLab token', gate: 'gl', pattern: String.raw`${B}gl(?:pat|dt|rt|ptt|ft|imt|agent|oas|soat|cbt|ffct|ddt)-[A-Za-z0-9_\-]{20,}` },
  { vendor: 'GitLab runner registration token', gate: 'GR1348941', pattern: String.raw`${B}GR1348941[A-Za-z0-9_\-]{20,}` },
  { vendor: 'Bitbucket', gate: 'ATBB', pattern: String.raw`${B}ATBB[A-Za-z0-9_=.\-]{32,}` },
  { vendor: 'Atlassian API token', gate: 'AT', pattern: String.raw`${B}AT(?:ATT|CTT)3[A-Za-z0-9_\-=]{50,}` },
  { vendor: 'Buildkite', gate: 'bk', pattern: String.raw`${B}bk(?:ua|agent)_[a-f0-9]{40}` },
  { vendor: 'Sourcegraph', gate: 'sgp_', pattern: String.raw`${B}sgp_(?:[a-f0-9]{16}|local)_[a-f0-9]{40}` },
  { vendor: 'npm', gate: 'npm_', pattern: String.raw`${B}npm_[A-Za-z0-9]{36}${E}` },
  { vendor: 'PyPI', gate: 'pypi-', pattern: String.raw`${B}pypi-AgE(?:IcHlwaS5vcmc|NdGVzdC5weXBpLm9yZw)[A-Za-z0-9_\-]{40,}` },
  { vendor: 'RubyGems', gate: 'rubygems_', pattern: String.raw`${B}rubygems_[a-f0-9]{48}` },
  { vendor: 'Docker Hub', gate: 'dckr_', pattern: String.raw`${B}dckr_(?:pat|oat)_[A-Za-z0-9_\-]{27,}` },
  { vendor: 'Clojars', gate: 'CLOJARS_', pattern: String.raw`${B}CLOJARS_[a-z0-9]{60}` },
  { vendor: 'Postman', gate: 'PMAK-', pattern: String.raw`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}` },
  { vendor: 'Linear', gate: 'lin_api_', pattern: String.raw`${B}lin_api_[A-Za-z0-9]{40}` },
  { vendor: 'Prefect', gate: 'pnu_', pattern: String.raw`${B}pnu_[A-Za-z0-9]{36}` },
  // messaging and SaaS
  { vendor: 'Slack token', gate: 'xox', pattern: String.raw`${B}xox[abposre]-[A-Za-z0-9\-]{10,}` },
  { vendor: 'Slack app token', gate: 'xapp-', pattern: String.raw`${B}xapp-\d-[A-Za-z0-9\-]{10,}` },
  { vendor: 'Slack webhook', gate: 'hooks.slack', pattern: String.raw`hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9]+/[A-Za-z0-9]+/[A-Za-z0-9/]+` },
  { vendor: 'Discord webhook', gate: 'discord', pattern: String.raw`discord(?:app)?\.com/api/webhooks/\d+/[A-Za-z0-9_\-]{60,}` },
  { vendor: 'Microsoft Teams webhook', gate: 'webhookb2', pattern: String.raw`webhook\.office\.com/webhookb2/[A-Za-z0-9@\-]+/IncomingWebhook/[A-Za-z0-9]+/[A-Za-z0-9\-]+` },
  { vendor: 'Telegram bot', gate: ':AA', pattern: String.raw`(?<![A-Za-z0-9_])\d{8,10}:AA[A-Za-z0-9_\-]{33}${E}` },
  { vendor: 'Twilio API key', gate: 'SK', pattern: String.raw`${B}SK[0-9a-fA-F]{32}${E}` },
  { vendor: 'SendGrid', gate: 'SG.', pattern: String.raw`${B}SG\.[A-Za-z0-9_\-]{16,}\.[A-Za-z0-9_\-]{16,}` },
  { vendor: 'Mailgun', gate: 'key-', pattern: String.raw`${B}key-[a-f0-9]{32}${E}` },
  { vendor: 'Mailchimp', gate: '-us', pattern: String.raw`${B}[a-f0-9]{32}-us\d{1,2}${E}` },
  { vendor: 'Shopify', gate: 'shp', pattern: String.raw`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}` },
  { vendor: 'Stripe', gate: 'k_', pattern: String.raw`${B}(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}` },
  { vendor: 'Stripe webhook secret', gate: 'whsec_', pattern: String.raw`${B}whsec_[A-Za-z0-9+/]{20,}` },
  { vendor: 'Square', gate: 'sq0', pattern: String.raw`${B}sq0(?:atp-[0-9A-Za-z_\-]{22}|csp-[0-9A-Za-z_\-]{43})` },
  { vendor: 'Shippo', gate: 'shippo_', pattern: String.raw`${B}shippo_(?:live|test)_[a-f0-9]{40}` },
  { vendor: 'Flutterwave', gate: 'FLWSECK', pattern: String.raw`${B}FLWSECK(?:_TEST)?-[a-h0-9]{32}-X` },
  { vendor: 'Notion', gate: 'ntn_', pattern: String.raw`${B}ntn_\d{11}[A-Za-z0-9]{35}` },
  { vendor: 'Airtable', gate: 'pat', pattern: String.raw`${B}pat[A-Za-z0-9]{14}\.[a-f0-9]{64}` },
  { vendor: 'Contentful', gate: 'CFPAT-', pattern: String.raw`${B}CFPAT-[A-Za-z0-9_\-]{43}` },
  { vendor: 'Figma', gate: 'figd_', pattern: String.raw`${B}figd_[A-Za-z0-9_\-]{40}` },
  { vendor: 'Typeform', gate: 'tfp_', pattern: String.raw`${B}tfp_[A-Za-z0-9_\-.]{59}` },
  { vendor: 'Mapbox secret token', gate: 'sk.eyJ', pattern: String.raw`${B}sk\.eyJ[A-Za-z0-9_\-]{50,}\.[A-Za-z0-9_\-]{20,}` },
  // observability
  { vendor: 'Sentry', gate: 'sntry', pattern: String.raw`${B}sntry[su]_[A-Za-z0-9_=+/\-]{40,}` },
  { vendor: 'Grafana', gate: 'gl', pattern: String.raw`${B}(?:glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}|glc_[A-Za-z0-9+/]{32,}={0,2})` },
  { vendor: 'New Relic', gate: 'NR', pattern: String.raw`${B}NR(?:AK-[A-Z0-9]{27}|JS-[a-f0-9]{19}|II-[A-Za-z0-9_\-]{32})${E}` },
  // AI providers
  { vendor: 'OpenAI / Anthropic', gate: 'sk-', pattern: String.raw`(?<![A-Za-z0-9_\-])sk-(?:proj-|ant-(?:api\d\d-|admin\d\d-)?|svcacct-|admin-)?[A-Za-z0-9_\-]{20,}` },
  { vendor: 'Hugging Face', gate: 'hf_', pattern: String.raw`${B}(?:hf_|api_org_)[A-Za-z]{34}${E}` },
  { vendor: 'Groq', gate: 'gsk_', pattern: String.raw`${B}gsk_[A-Za-z0-9]{52}${E}` },
  { vendor: 'Replicate', gate: 'r8_', pattern: String.raw`${B}r8_[A-Za-z0-9]{37}${E}` },
  { vendor: 'xAI', gate: 'xai-', pattern: String.raw`${B}xai-[A-Za-z0-9]{80}${E}` },
  { vendor: 'Perplexity', gate: 'pplx-', pattern: String.raw`${B}pplx-[A-Za-z0-9]{48}${E}` },
];

// The gate literals: a row's `gate`, expanded to its real prefixes where the row's gate is short,
// with a sticky check where a literal alone would fire on ordinary words ("SKIP", "path").
const GATE_EXPANSIONS: Record<string, (string | GateLiteral)[]> = {
  A: ['AKIA', 'ASIA', 'ABIA', 'ACCA', 'A3T'],
  AT: ['ATATT', 'ATCTT'],
  gh: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_'],
  gl: ['glpat-', 'gldt-', 'glrt-', 'glptt-', 'glft-', 'glimt-', 'glagent-', 'gloas-', 'glsoat-', 'glcbt-', 'glffct-', 'glddt-', 'glsa_', 'glc_'],
  hv: ['hvs.', 'hvb.', 'hvr.'],
  nf: ['nfp_', 'nfc_'],
  bk: ['bkua_', 'bkagent_'],
  NR: ['NRAK-', 'NRJS-', 'NRII-'],
  shp: ['shpat_', 'shpca_', 'shppa_', 'shpss_'],
  pat: [{ text: 'pat', verify: /pat[A-Za-z0-9]{14}\./y }],
  SK: [{ text: 'SK', verify: /SK[0-9a-fA-F]{32}/y }],
  'k_': ['sk_live_', 'sk_test_', 'rk_live_', 'rk_test_'],
  '-us': [{ text: '-us', verify: /-us\d/y }],
  'hf_': ['hf_', 'api_org_'],
};

const SECRET_GATE = new LiteralGate([...SECRET_FORMATS.flatMap((f) => GATE_EXPANSIONS[f.gate] ?? [f.gate]), 'asic ']);

/** Can the text hold a well-known credential format (or `Basic …`)? One cheap pass. */
export function secretGate(text: string): boolean {
  return SECRET_GATE.test(text);
}

const SECRET_RE = new RegExp(SECRET_FORMATS.map((f) => `(?:${f.pattern})`).join('|'), 'g');

/**
 * The random part is a placeholder run (`XXXX…`, `0000…`) and nothing else in the token carries a
 * non-zero digit (`…/T00000000/B00000000/XXXX…`): documentation, not a credential.
 */
function placeholderBody(token: string): boolean {
  const tail = token.slice(-16);
  if (tail.length < 8) return false;
  const distinct = new Set(tail.replace(/[-_./]/g, '')).size;
  return distinct <= 2 && !/[1-9]/.test(token);
}

export function detectSecrets(text: string, push: Push): void {
  SECRET_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = SECRET_RE.exec(text)) !== null) {
    const whole = m[0];
    if (whole.length === 0) {
      SECRET_RE.lastIndex++;
      continue;
    }
    // a pattern with a capture group reports the group (the value after `AccountKey=`, `sig=`)
    let start = m.index;
    let end = m.index + whole.length;
    for (let g = 1; g < m.length; g++) {
      if (m[g] !== undefined) {
        start = m.index + whole.lastIndexOf(m[g]);
        end = start + m[g].length;
        break;
      }
    }
    if (!whole.startsWith('-----BEGIN') && placeholderBody(text.slice(start, end))) continue;
    push('secret', start, end);
  }
  // Basic credentials (base64 of user:pass) in free text, e.g. "Authorization: Basic dXNlcjpwYXNz"
  if (text.includes('asic ')) {
    const re = /(?<![A-Za-z0-9])Basic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi;
    let b: RegExpExecArray | null;
    while ((b = re.exec(text)) !== null) {
      let decoded = '';
      try {
        decoded = Buffer.from(b[1], 'base64').toString('utf8');
      } catch {
        continue;
      }
      if (/^[\x20-\x7e]+:[\x20-\x7e]+$/.test(decoded)) push('password', b.index + b[0].length - b[1].length, b.index + b[0].length);
    }
  }
}
