import { describe, expect, it } from 'vitest';
import { ifNoneMatch, notModified } from '@/lib/http/etag';

const asking = (value?: string) => new Request('http://x/api', { headers: value === undefined ? {} : { 'if-none-match': value } });

describe('conditional GET by entity tag', () => {
  const tag = '"timeline-skeleton-v1-1796195025671"';

  it('matches the tag alone, in a list, weakened, or *', () => {
    expect(ifNoneMatch(asking(tag), tag)).toBe(true);
    expect(ifNoneMatch(asking(`"other", ${tag}`), tag)).toBe(true);
    expect(ifNoneMatch(asking(`W/${tag}`), tag)).toBe(true);
    expect(ifNoneMatch(asking('*'), tag)).toBe(true);
  });

  it('does not match another tag, a tag of the same written time under another key, or no header', () => {
    expect(ifNoneMatch(asking('"timeline-skeleton-v1-1796195025670"'), tag)).toBe(false);
    expect(ifNoneMatch(asking('"critical-path-v1-0-1796195025671"'), tag)).toBe(false);
    expect(ifNoneMatch(asking(), tag)).toBe(false);
    expect(ifNoneMatch(asking(''), tag)).toBe(false);
  });

  it('answers 304 with the tag and no body', async () => {
    const res = notModified(tag);
    expect(res.status).toBe(304);
    expect(res.headers.get('etag')).toBe(tag);
    expect(await res.text()).toBe('');
  });
});
