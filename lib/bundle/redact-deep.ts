// Moved to lib/pii/redact-deep.ts (the one deep redactor).
export { redactDeep } from '@/lib/pii/redact-deep';
