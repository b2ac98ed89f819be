import { describe, expect, it } from 'vitest';
import { detectSessions, isSessionCookieName } from '@/lib/pii/detectors/session';
import { run } from './run';

const sessions = (text: string, cookieKey = false) => run((t, push) => detectSessions(t, cookieKey, push), text);

describe('session detector', () => {
  it('pattern: framework session cookies, reported by value', () => {
    expect(sessions('Set-Cookie: JSESSIONID=3D0D7AB3B33F2D641326160C76E15398.node01; Path=/')).toEqual([['session', '3D0D7AB3B33F2D641326160C76E15398.node01']]);
    for (const c of [
      'PHPSESSID=axjjkzmz28v78r4putwlatgyin', 'connect.sid=s%3AfGgH-IZzkqm6JOOf46tg.LPKeTAQQ', 'ASP.NET_SessionId=clqb345kk4rwigmmbmle2vaw',
      '.AspNetCore.Session=CfDJ80_hQMGoyCBgNhgSgW', '_myapp_session=vDggHjDisTwL--3408704f', 'laravel_session=eyJpdiI6IHYgNQ',
      '__Host-session=pnwp25BMYupAsjl4J66G0zO7', '__Secure-authjs.session-token=sOfEIOM8GdMzfg',
    ]) expect(sessions(`Cookie: ${c}`), c).toHaveLength(1);
  });
  it('context: generic names count only in a cookie header or under a cookie key', () => {
    expect(sessions('sessionid=rr13ma2m03yggw9am567oxy08l4sq2bm')).toEqual([]);
    expect(sessions('Cookie: sessionid=rr13ma2m03yggw9am567oxy08l4sq2bm')).toHaveLength(1);
    expect(sessions('session=8f3kD92nQpLx7zVb; theme=dark', true)).toEqual([['session', '8f3kD92nQpLx7zVb']]);
    expect(isSessionCookieName('sid', false)).toBe(false);
    expect(isSessionCookieName('sid', true)).toBe(true);
  });
  it('validator: empty, deleted, redacted, short, date or word values are not sessions', () => {
    for (const t of ['Set-Cookie: JSESSIONID=; Max-Age=0', 'Set-Cookie: PHPSESSID=deleted; expires=Thu, 01-Jan-1970', 'Cookie: sessionid=[redacted:session]', 'Cookie: sid=abc', 'Cookie: last_session=2026-11-26T21:58:03Z', 'theme=dark; lang=en-GB']) {
      expect(sessions(t), t).toEqual([]);
    }
  });
});
