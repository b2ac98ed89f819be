// Starts the inspect worker from the TypeScript sources (tests, tsx scripts): the installed
// command runs the bundled dist/cli/inspect-worker.mjs instead.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
