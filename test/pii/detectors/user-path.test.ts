import { describe, expect, it } from 'vitest';
import { detectUserPath } from '@/lib/pii/detectors/user-path';
import { texts } from './run';

const users = (text: string) => texts(detectUserPath, text);

describe('user path detector', () => {
  it('only the user segment of home directories', () => {
    expect(users('open /home/jdoe/x400/gw.log')).toEqual(['jdoe']);
    expect(users('C:\\Users\\Maria\\AppData')).toEqual(['Maria']);
    expect(users('file:///Users/kim/Library')).toEqual(['kim']);
  });
  it('not service accounts, placeholders or URL routes', () => {
    for (const t of ['/home/ubuntu/app', '/home/runner/work', 'C:\\Users\\Public', '/home/$USER/x', 'https://example.com/home/dashboard', '/root/.ssh']) expect(users(t), t).toEqual([]);
  });
});
