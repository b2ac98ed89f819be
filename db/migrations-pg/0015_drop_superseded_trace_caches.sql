-- Trace caches written by earlier builds, under keys nothing reads any more (lib/trace-view/store.ts
-- rebuilds the current ones at a bundle's first view): their space is given back.
DELETE FROM "bundle_derived" WHERE "key" IN ('timeline-skeleton:v1', 'timeline-preview:v1');
