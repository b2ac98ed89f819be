import { describe, expect, it } from 'vitest';
import { detectUrlCredentials } from '@/lib/pii/detectors/url-credentials';
import { texts } from './run';

const creds = (text: string) => texts(detectUrlCredentials, text);

describe('URL credentials detector', () => {
  it('user:password in any scheme, empty user allowed', () => {
    expect(creds('postgres://app:S3cret@db:5432/x')).toEqual(['app:S3cret']);
    expect(creds('redis://:p4ss@cache:6379')).toEqual([':p4ss']);
    expect(creds('amqps://gateway:Zx9%21qR7t@mq.example.net:5671/x400')).toEqual(['gateway:Zx9%21qR7t']);
  });
  it('validator: no password, or a placeholder, is not a credential', () => {
    expect(creds('https://user@host.example.com/ https://u:****@h.example.com/ https://u:[redacted:password]@h/')).toEqual([]);
  });
});
