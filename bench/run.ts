// `npm run bench`: runs every benchmark part in sequence. Add a part by importing its function
// and appending it to PARTS.

import { benchIngest } from './ingest';
import { benchInspect } from './inspect';
import { benchSla } from './sla';
import { benchTargets } from './targets';

// `targets` measures the command as installed (issue 13); `inspect` and `ingest` the engine in
// process, for its throughput (BENCH_PARTS=inspect,ingest). Default: targets and sla.
const PARTS: [string, () => Promise<void>][] = ([
  ['targets', benchTargets],
  ['inspect', benchInspect],
  ['ingest', benchIngest],
  ['sla', benchSla],
] as [string, () => Promise<void>][]).filter(([name]) => (process.env.BENCH_PARTS ?? 'targets,sla').split(',').includes(name));

for (const [name, run] of PARTS) {
  console.log(`\n== bench: ${name}`);
  await run();
}
