// Starts the skeleton worker from the TypeScript sources (tests, tsx scripts): the installed
// command runs the bundled dist/cli/skeleton-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./skeleton-worker.ts');
