// The personal-data engine (rules: docs/pii-rules.md). One scanner (`scanText`, one detector per
// category family under detectors/), one list of exemptions, one deep redactor, and the JSON
// tokenizer (lib/bundle/json-stream.ts) that inspection, ingest redaction and share all consume.
export { PII_CATEGORIES, type PiiCategory, type PiiMatch } from './types';
export { scanText } from './scan';
export { maskPreview, redactText } from './mask';
export { redactDeep } from './redact-deep';
export { isKnownSafe, memberContext, nestedKey } from './exemptions';
