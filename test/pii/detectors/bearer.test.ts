import { describe, expect, it } from 'vitest';
import { detectBearer } from '@/lib/pii/detectors/bearer';
import { texts } from './run';

const bearer = (text: string) => texts(detectBearer, text);

describe('bearer detector', () => {
  it('the token after Bearer, also URL-encoded', () => {
    expect(bearer('Authorization: Bearer 8f3kD92nQpLx7zVb')).toEqual(['8f3kD92nQpLx7zVb']);
    expect(bearer('?auth=Bearer%20abc123def456')).toEqual(['abc123def456']);
  });
  it('context: realms, prose, placeholders and token_type are not tokens', () => {
    for (const t of ['WWW-Authenticate: Bearer realm="x400"', 'Bearer token expired', 'Bearer <token>', 'token_type=Bearer expires_in=3600']) expect(bearer(t), t).toEqual([]);
  });
});
