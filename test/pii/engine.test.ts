// The engine's shared parts: the one exemption list, the one deep redactor, and the tokenizer's
// positions mode that the share rewriter consumes.
import { describe, expect, it } from 'vitest';
import { JsonStreamScanner } from '@/lib/bundle/json-stream';
import { isKnownSafe, memberContext, redactDeep, scanText } from '@/lib/pii';

describe('exemptions', () => {
  it('span / trace ids under their keys and nanosecond timestamps are never scanned', () => {
    expect(isKnownSafe('4bf92f3577b34da6a3ce929d0e0e4736', 'traceId')).toBe(true);
    expect(isKnownSafe('00f067aa0ba902b7', 'spanId')).toBe(true);
    expect(isKnownSafe('1764194283123456789', 'startTimeUnixNano')).toBe(true);
    expect(isKnownSafe('jane@example.com', 'traceId')).toBe(false);
    expect(isKnownSafe('4bf92f3577b34da6a3ce929d0e0e4736', null)).toBe(false);
  });
  it('an OTLP attribute names its value, through every AnyValue member (intValue included)', () => {
    expect(memberContext('value', 'http.response.body.size', 'attributes')).toBe('http.response.body.size');
    expect(memberContext('intValue', null, 'http.response.body.size')).toBe('http.response.body.size');
    expect(memberContext('stringValue', null, 'user.email')).toBe('user.email');
    expect(memberContext('name', null, 'span')).toBe('name');
    // so a Luhn-valid int64 under a size attribute is not a card
    expect(scanText('4111111111111111', memberContext('intValue', null, 'http.response.body.size'))).toEqual([]);
  });
});

describe('redactDeep', () => {
  it('redacts keys as text and values with their key, arrays keep the key, numbers stay', () => {
    const out = redactDeep({ 'jane@example.com': { active: true }, 'user.full_name': 'Jane Doe', phones: ['+44 20 7946 0958'], n: 4111111111111111 });
    expect(out).toEqual({ '[redacted:email]': { active: true }, 'user.full_name': '[redacted:person_name]', phones: ['[redacted:phone_number]'], n: 4111111111111111 });
  });
});

describe('tokenizer positions mode', () => {
  it('reports each key and leaf with its byte range, across chunk boundaries and escapes', () => {
    const doc = Buffer.from('{"a":"x\\"y","b":[1,"é"],"c":{"d":null}}');
    const seen: string[] = [];
    const s: JsonStreamScanner = new JsonStreamScanner(
      {
        decide: (_p, kind) => {
          seen.push(`start ${kind} at ${s.tokenStart}`);
          return 'descend';
        },
        onKey: (_p, k) => seen.push(`key ${k} ${doc.subarray(s.tokenStart, s.tokenEnd).toString()}`),
        onValue: (_p, v) => seen.push(`value ${JSON.stringify(v)} ${doc.subarray(s.tokenStart, s.tokenEnd).toString()}`),
        onEnd: (_p, kind) => seen.push(`end ${kind} at ${s.tokenEnd}`),
      },
      't.json',
      16,
      { positions: true },
    );
    for (let i = 0; i < doc.length; i += 3) s.push(doc.subarray(i, i + 3));
    s.finish();
    expect(seen).toEqual([
      'start object at 0', 'key a "a"', 'value "x\\"y" "x\\"y"', 'key b "b"', 'start array at 16', 'value 1 1', 'value "é" "é"', 'end array at 24',
      'key c "c"', 'start object at 29', 'key d "d"', 'value null null', 'end object at 39', 'end object at 40',
    ]);
  });
});
