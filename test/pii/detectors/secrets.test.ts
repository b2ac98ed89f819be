import { describe, expect, it } from 'vitest';
import { SECRET_FORMATS, detectSecrets, secretGate } from '@/lib/pii/detectors/secrets';
import { run, texts } from './run';

const secrets = (text: string) => texts(detectSecrets, text);
const r = (n: number, alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789') => Array.from({ length: n }, (_, i) => alphabet[(i * 7 + 3) % alphabet.length]).join('');
const hex = (n: number) => r(n, '0123456789abcdef');

describe('secret detector (prefix-anchored vendor table)', () => {
  const samples: [string, string][] = [
    ['GitHub classic', `ghp_${r(36)}`], ['GitHub fine-grained', `github_pat_11A${r(21)}_${r(59)}`], ['GitLab', `glpat-${r(20)}`],
    ['Slack bot', `xoxb-123456789012-1234567890123-${r(24)}`], ['Slack webhook', `hooks.slack.com/services/T0ABC123/B0DEF456/${r(24)}`],
    ['Stripe', `sk_live_${r(24)}`], ['Stripe restricted', `rk_test_${r(24)}`], ['AWS key id', 'AKIAQWERTYUIOPASDF23'],
    ['Google', `AIza${r(35)}`], ['OpenAI', `sk-proj-${r(60)}`], ['Anthropic', `sk-ant-api03-${r(93)}AA`], ['npm', `npm_${r(36)}`],
    ['PyPI', `pypi-AgEIcHlwaS5vcmc${r(60)}`], ['Twilio', `SK${hex(32)}`], ['SendGrid', `SG.${r(22)}.${r(43)}`], ['Mailgun', `key-${hex(32)}`],
    ['Shopify', `shpat_${hex(32)}`], ['Vault', `hvs.${r(90)}`], ['DigitalOcean', `dop_v1_${hex(64)}`], ['Databricks', `dapi${hex(32)}`],
    ['Telegram', `7919158225:AA${r(33)}`], ['Docker', `dckr_pat_${r(27)}`], ['age', `AGE-SECRET-KEY-1${r(58, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L')}`],
    ['JWT', 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N'],
  ];
  it.each(samples)('pattern: %s', (_vendor, token) => {
    expect(secretGate(`x ${token} y`)).toBe(true);
    expect(secrets(`token in log: ${token} end`)).toEqual([token]);
  });
  it('reports only the value of AccountKey= / SharedAccessKey= / sig=', () => {
    const key = `${r(86)}==`;
    expect(secrets(`DefaultEndpointsProtocol=https;AccountName=a;AccountKey=${key};EndpointSuffix=core.windows.net`)).toEqual([key]);
    expect(secrets(`https://a.blob.core.windows.net/c/b?sv=2022-11-02&sig=${r(40)}%3D`)).toEqual([`${r(40)}%3D`]);
  });
  it('PEM private keys, also truncated; not certificates or public keys', () => {
    expect(secrets('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE')).toHaveLength(1);
    expect(secrets('-----BEGIN CERTIFICATE-----\nMIIDdzCC\n-----END CERTIFICATE-----')).toEqual([]);
    expect(secrets('-----BEGIN PUBLIC KEY-----\nMFkwEwYH\n-----END PUBLIC KEY-----')).toEqual([]);
  });
  it('validator: placeholder bodies are documentation, not credentials', () => {
    expect(secrets('https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX')).toEqual([]);
    expect(secrets('https://hooks.slack.com/services/T0AAA1111/B0BBB2222/XXXXXXXXXXXXXXXXXXXXXXXX')).toHaveLength(1);
  });
  it('not ids, hashes or prose that share a prefix', () => {
    for (const t of [`evt_${r(24)} cus_${r(14)}`, 'ghs_ is the installation token prefix', 'key-value store', 'build hf_transfer', `sha256:${hex(64)}`]) expect(secrets(t), t).toEqual([]);
  });
  it('Basic credentials are a password', () => {
    expect(run(detectSecrets, 'Authorization: Basic dXNlcjpwYXNzd29yZA==')).toEqual([['password', 'dXNlcjpwYXNzd29yZA==']]);
  });
  it('every table row has a gate literal and a vendor', () => {
    for (const f of SECRET_FORMATS) expect(f.gate.length > 0 && f.vendor.length > 0).toBe(true);
  });
});
