// The sign-in redirect never leaves the console's origin, however `next` is spelled.
import { describe, expect, it } from 'vitest';
import { safeNextPath } from '@/lib/http/safe-next';

describe('safeNextPath', () => {
  it.each([
    '/%5Clocalhost:3199/x',
    '/\\\\evil.example/x',
    '/\\evil.example',
    '/\t/evil.example',
    '/\\/evil.example',
    '/..//evil.example',
    '//evil.example',
    '/%2F/evil.example',
    'https://evil.example/',
    'javascript:alert(1)',
    ' /x',
  ])('refuses %j', (next) => {
    const resolved = new URL(safeNextPath(next), 'http://localhost:3199');
    expect(resolved.origin).toBe('http://localhost:3199');
    expect(safeNextPath(next)).toBe('/');
  });

  it('keeps same-origin paths with their query', () => {
    expect(safeNextPath('/tickets/12?tab=bundles#b')).toBe('/tickets/12?tab=bundles#b');
    expect(safeNextPath('/reports/sla?from=2026-01-01&to=2026-03-01')).toBe('/reports/sla?from=2026-01-01&to=2026-03-01');
  });

  it('does not send the user back to the sign-in page', () => {
    expect(safeNextPath('/login?next=/x')).toBe('/');
  });
});
