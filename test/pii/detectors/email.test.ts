import { describe, expect, it } from 'vitest';
import { detectEmail } from '@/lib/pii/detectors/email';
import { K_MSGID } from '@/lib/pii/keys';
import { texts } from './run';

const email = (text: string, kf = 0) => texts((t, push) => detectEmail(t, kf, push), text);

describe('email detector', () => {
  it('pattern: addresses, +tags, URL-encoded forms', () => {
    expect(email('mail jane.doe+x400@example.co.uk now')).toEqual(['jane.doe+x400@example.co.uk']);
    expect(email('?to=maria.garcia%40example.org&x=1')).toEqual(['maria.garcia%40example.org']);
  });
  it('not host accounts, file names, SSH remotes or URL user info', () => {
    expect(email('rabbit@x400-queue-0 logo@2x.png git@github.com:org/repo https://user@host.example.com/')).toEqual([]);
  });
  it('validator: Message-IDs of real MTAs are not mailboxes', () => {
    for (const id of [
      '<202611262158.2AQLw3Xx012345@mail.example.com>', // sendmail
      '<20261126215803.GA12345@gw01.example.com>', // sendmail / mutt GA form
      '<20261126215803.4A2B31C0042@mail.example.com>', // Postfix
      '<E1qXyZa-0001Ab-Cd@mx.example.org>', // Exim
      '<BN6PR11MB40817A1B2C3D4E5F6A7B8C9D@BN6PR11MB4081.namprd11.prod.outlook.com>', // Exchange Online
      '<CAKz1Yx0pQ=abc+DEF_gh-12345678@mail.gmail.com>', // Gmail
    ]) expect(email(`Message-ID: ${id}`), id).toEqual([]);
  });
  it('context: after a Message-ID header or under a message-id key, <…@…> is an id', () => {
    expect(email('In-Reply-To: <jane.doe@example.com>')).toEqual([]);
    expect(email('<ticket.4711@example.com>', K_MSGID)).toEqual([]);
    expect(email('From: Jane <jane.doe@example.com>')).toEqual(['jane.doe@example.com']);
  });
  it('not the local part of an Exchange IMCEA-encapsulated X.400 address', () => {
    expect(email('IMCEAX400-c=US+3Ba=+20+3Bp=Contoso+3Bs=Pereira+3Bg=Lucas+3B@contoso.com')).toEqual([]);
  });
});
