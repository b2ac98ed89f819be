// Starts the share rewrite worker from the TypeScript sources (tests, tsx scripts): the installed
// command runs the bundled dist/cli/share-rewrite-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./rewrite-worker.ts');
