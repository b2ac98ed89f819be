// The personal-data scanner now lives in lib/pii/ (one engine for inspection, ingest and share).
export { PII_CATEGORIES, maskPreview, redactText, scanText, type PiiCategory, type PiiMatch } from '@/lib/pii';
