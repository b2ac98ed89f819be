// `npm run bench`: runs every benchmark part in sequence. Add a part by importing its function
// and appending it to PARTS.

import { benchIngest } from './ingest';
import { benchInspect } from './inspect';
import { benchSla } from './sla';

const PARTS: [string, () => Promise<void>][] = [
  ['inspect', benchInspect],
  ['ingest', benchIngest],
  ['sla', benchSla],
];

for (const [name, run] of PARTS) {
  console.log(`\n== bench: ${name}`);
  await run();
}
