import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { PII_CATEGORIES, maskPreview, redactText, scanText, type PiiCategory } from '../../lib/bundle/pii';

interface PiiCase { key: string | null; text: string; expect: PiiCategory[]; note: string }
const cases = JSON.parse(readFileSync(fileURLToPath(new URL('../fixtures/pii-cases.json', import.meta.url)), 'utf8')) as PiiCase[];

describe('interface', () => {
  it('exports the 15 categories', () => {
    expect(PII_CATEGORIES).toHaveLength(15);
    expect(new Set(PII_CATEGORIES).size).toBe(15);
  });
  it('returns well-formed, in-bounds matches sorted by start', () => {
    for (const c of cases) {
      const ms = scanText(c.text, c.key);
      for (const m of ms) {
        expect(m.start).toBeGreaterThanOrEqual(0);
        expect(m.end).toBeGreaterThan(m.start);
        expect(m.end).toBeLessThanOrEqual(c.text.length);
        expect(PII_CATEGORIES).toContain(m.category);
      }
      for (let i = 1; i < ms.length; i++) expect(ms[i].start).toBeGreaterThanOrEqual(ms[i - 1].start);
    }
  });
  it('returns a fresh array each call (callers may cache or mutate)', () => {
    const a = scanText('abc', null);
    const b = scanText('abc', null);
    expect(a).not.toBe(b);
  });
});

describe('maskPreview', () => {
  it('never contains the whole matched value (every match of every case)', () => {
    let n = 0;
    for (const c of cases) {
      for (const m of scanText(c.text, c.key)) {
        const value = c.text.slice(m.start, m.end);
        const p = maskPreview(c.text, m);
        expect(p.length).toBeGreaterThan(0);
        expect(p.includes(value), `${m.category} ${JSON.stringify(value)} -> ${p}`).toBe(false);
        if (value.trim().length >= 4) expect(p).toContain('•');
        n++;
      }
    }
    expect(n).toBeGreaterThan(150);
  });
  it('never contains the whole value for synthetic short and long values', () => {
    const values = ['a', 'ab', 'abc', 'abcd', 'a@b.co', '1.1.1.1', 'Al', 'J Doe', 'x'.repeat(200)];
    for (const v of values) {
      for (const category of PII_CATEGORIES) {
        const p = maskPreview(v, { category, start: 0, end: v.length });
        expect(p.includes(v), `${category} ${v} -> ${p}`).toBe(false);
      }
    }
  });
  it('produces the documented shapes', () => {
    const email = 'john.doe@example.com';
    expect(maskPreview(email, { category: 'email', start: 0, end: email.length })).toBe('j•••@e•••.com');
    const card = '4111-1111-1111-1112';
    expect(maskPreview(card, { category: 'credit_card', start: 0, end: card.length })).toBe('4•••-••••-••••-•••2');
    const ip = '192.168.0.17';
    expect(maskPreview(ip, { category: 'ip_address', start: 0, end: ip.length })).toBe('192.•••.•••.17');
    const enc = 'maria%40example.org';
    expect(maskPreview(enc, { category: 'email', start: 0, end: enc.length })).toBe('m•••@e•••.org');
  });
  it('masks in context: uses only the match span', () => {
    const t = 'Delivery to john.smith@acme.co.uk failed';
    const [m] = scanText(t, null);
    expect(maskPreview(t, m)).toBe('j•••@a•••.uk');
  });
});

describe('redactText', () => {
  it('replaces exactly the matches and keeps the rest', () => {
    expect(redactText('mail jane@example.com from 10.1.2.3 ok', null)).toBe('mail [redacted:email] from [redacted:ip_address] ok');
    expect(redactText('card 4111 1111 1111 1111.', null)).toBe('card [redacted:credit_card].');
    expect(redactText('postgres://app:S3cret@db:5432/x', null)).toBe('postgres://[redacted:url_credentials]@db:5432/x');
    expect(redactText('Authorization: Bearer abcDEF123456ghiJKL', null)).toBe('Authorization: Bearer [redacted:bearer_token]');
    expect(redactText('/home/jdoe/x400/gw.log', null)).toBe('/home/[redacted:user_path]/x400/gw.log');
  });
  it('is the identity on clean text', () => {
    for (const c of cases.filter((x) => x.expect.length === 0)) expect(redactText(c.text, c.key)).toBe(c.text);
  });
  it('key-driven categories replace the whole value', () => {
    expect(redactText('hunter2', 'db.password')).toBe('[redacted:password]');
    expect(redactText('Margaret Hamilton', 'user.full_name')).toBe('[redacted:person_name]');
  });
  it('merges overlapping matches into one marker', () => {
    const out = redactText('Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlMTIz', 'authorization');
    expect(out).toBe('[redacted:password]');
  });
  it('redacted output is clean on rescan (idempotent)', () => {
    for (const c of cases) {
      const once = redactText(c.text, c.key);
      const again = scanText(once, c.key).filter((m) => m.category !== 'person_name' && m.category !== 'password');
      expect(again, `${c.text} -> ${once}`).toEqual([]);
      expect(redactText(once, c.key)).toBe(once);
    }
  });
});

describe('key handling', () => {
  it('scans a key as text when key is null (PII used as an object key)', () => {
    expect(scanText('olga.petrova@example.ru', null).map((m) => m.category)).toEqual(['email']);
    expect(scanText('10.20.30.40', null).map((m) => m.category)).toEqual(['ip_address']);
  });
  it('a key name itself is not a finding', () => {
    for (const k of ['password', 'user.full_name', 'api_key', 'authorization', 'user.email', 'x400.error.code', 'gen_ai.usage.input_tokens']) {
      expect(scanText(k, null), k).toEqual([]);
    }
  });
  it('password keys: whole value unless placeholder or already redacted', () => {
    expect(scanText('s3cret', 'password')).toEqual([{ category: 'password', start: 0, end: 6 }]);
    for (const v of ['', '***', '[redacted:password]', '${DB_PASSWORD}', '<redacted>', 'null', '[FILTERED]']) {
      expect(scanText(v, 'db.password'), v).toEqual([]);
    }
  });
  it('head-noun rule: *_tokens counts, token_type, password_length, author are not credentials or names', () => {
    expect(scanText('1532', 'gen_ai.usage.input_tokens')).toEqual([]);
    expect(scanText('Bearer', 'token_type')).toEqual([]);
    expect(scanText('12', 'password_length')).toEqual([]);
    expect(scanText('Jane Doe', 'author')).toEqual([]);
    expect(scanText('x400-gateway', 'service.name')).toEqual([]);
  });
  it('keys are matched case- and style-insensitively', () => {
    for (const k of ['PASSWORD', 'Password', 'db_password', 'dbPassword', 'X-Api-Key', 'apiKey', 'CLIENT_SECRET', 'clientSecret']) {
      expect(scanText('v4lue!x', k).map((m) => m.category), k).toEqual(['password']);
    }
    for (const k of ['firstName', 'LAST_NAME', 'user.fullName', 'customer.name', 'display_name']) {
      expect(scanText('Priya', k).map((m) => m.category), k).toEqual(['person_name']);
    }
  });
  it('version keys turn dotted quads into versions', () => {
    expect(scanText('1.2.3.4', 'service.version')).toEqual([]);
    expect(scanText('1.2.3.4', 'net.peer.ip').map((m) => m.category)).toEqual(['ip_address']);
  });
});
