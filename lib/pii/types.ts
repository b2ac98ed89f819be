// Categories and matches of the personal-data engine (rules: docs/pii-rules.md).

export type PiiCategory =
  | 'email'
  | 'phone_number'
  | 'ip_address'
  | 'credit_card'
  | 'iban'
  | 'us_ssn'
  | 'mac_address'
  | 'imei'
  | 'url_credentials'
  | 'bearer_token'
  | 'secret'
  | 'password'
  | 'user_path'
  | 'person_name'
  | 'session';

export const PII_CATEGORIES: readonly PiiCategory[] = Object.freeze([
  'email',
  'phone_number',
  'ip_address',
  'credit_card',
  'iban',
  'us_ssn',
  'mac_address',
  'imei',
  'url_credentials',
  'bearer_token',
  'secret',
  'password',
  'user_path',
  'person_name',
  'session',
] as const);

export interface PiiMatch {
  category: PiiCategory;
  start: number;
  end: number;
}

/** Reports one finding; detectors call it for every match they accept. */
export type Push = (category: PiiCategory, start: number, end: number) => void;
