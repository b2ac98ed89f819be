import { describe, expect, it } from 'vitest';
import { detectCliFlags, detectKeyValues } from '@/lib/pii/detectors/credentials-in-text';
import { run } from './run';

describe('credential pairs in free text', () => {
  it('password words give password; other credential names a generic secret', () => {
    expect(run(detectKeyValues, 'db password=hunter2-Secret host=db')).toEqual([['password', 'hunter2-Secret']]);
    expect(run(detectKeyValues, 'GET /v1?api_key=3f9a1c2e7b6d4f80&page=2')).toEqual([['secret', '3f9a1c2e7b6d4f80']]);
    expect(run(detectKeyValues, '{"client_id":"gw","client_secret":"Q7yq2LmN8pKdT7yq2LmN8pKd"}')).toEqual([['secret', 'Q7yq2LmN8pKdT7yq2LmN8pKd']]);
  });
  it('validation prose is not a credential; session cookies are left to the session detector', () => {
    expect(run(detectKeyValues, 'Invalid password: too short')).toEqual([]);
    expect(run(detectKeyValues, 'password_changed=true')).toEqual([]);
    expect(run(detectKeyValues, 'Cookie: __Secure-authjs.session-token=sOfEIOM8GdMzfg_W91vHHitjMrX4')).toEqual([]);
  });
  it('person pairs', () => {
    expect(run(detectKeyValues, 'first_name=Priya last_name=Raman')).toEqual([['person_name', 'Priya'], ['person_name', 'Raman']]);
  });
  it('command lines: --password, -pX, -u user -p secret', () => {
    expect(run(detectCliFlags, 'mysql -u root -pS3cret db')).toEqual([['password', 'S3cret']]);
    expect(run(detectCliFlags, 'tool --password hunter2 --verbose')).toEqual([['password', 'hunter2']]);
    expect(run(detectCliFlags, 'docker login -u acme -p dckr_pat_4HVdoKD5D3VDBxKGK3_MPuRZOQ0')).toEqual([['password', 'dckr_pat_4HVdoKD5D3VDBxKGK3_MPuRZOQ0']]);
  });
});
