// `npm run bench`: runs every benchmark part in sequence. Add a part by importing its function
// and appending it to PARTS.

import { benchIngest } from './ingest';
import { benchInspect } from './inspect';
import { benchSla } from './sla';
import { benchTargets } from './targets';

// `targets` measures the command as installed (issue 13); `inspect` the engine in process, for its
// throughput; `ingest` store + parse on SQLite and PostgreSQL (issue 14); `sla` the board and
// reports at 100k and 1M tickets on both backends (issue 14). Default: all but inspect.
// One part: BENCH_PARTS=ingest npm run bench.
const PARTS: [string, () => Promise<void>][] = ([
  ['targets', benchTargets],
  ['inspect', benchInspect],
  ['ingest', benchIngest],
  ['sla', benchSla],
] as [string, () => Promise<void>][]).filter(([name]) => (process.env.BENCH_PARTS ?? 'targets,ingest,sla').split(',').includes(name));

for (const [name, run] of PARTS) {
  console.log(`\n== bench: ${name}`);
  await run();
}
