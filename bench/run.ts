// `npm run bench`: runs benchmark parts in sequence. Add a part by importing its function and
// appending it to PARTS.
//
//   BENCH_PARTS=help,inspect npm run bench       (one or more parts; default: DEFAULT_PARTS)
//
// Issue 13's figures, through the installed bin: help, inspect (beside `unzip -p`), consent
// (`ticket consent`: parse into SQLite), share (1M). `ingest`: store + parse on SQLite and
// PostgreSQL (issue 14); `sla`: the board and reports at 100k and 1M tickets (issue 14);
// `engine`: inspect in process, for its throughput. `targets` = help,inspect,consent,share.

import { benchIngest } from './ingest';
import { benchInspect } from './inspect';
import { benchSla } from './sla';
import { benchConsent, benchHelp, benchInspectBin, benchShare, discardKept } from './targets';

const PARTS: [string, () => Promise<void>][] = [
  ['help', benchHelp],
  ['inspect', benchInspectBin],
  ['consent', benchConsent],
  ['share', benchShare],
  ['ingest', benchIngest],
  ['sla', benchSla],
  ['engine', benchInspect],
];
const DEFAULT_PARTS = 'help,inspect,consent,share,ingest,sla';

const asked = (process.env.BENCH_PARTS ?? DEFAULT_PARTS).split(',').map((p) => p.trim()).filter(Boolean)
  .flatMap((p) => (p === 'targets' ? ['help', 'inspect', 'consent', 'share'] : [p]));
const unknown = asked.filter((p) => !PARTS.some(([name]) => name === p));
if (unknown.length) {
  console.error(`unknown BENCH_PARTS: ${unknown.join(', ')} (known: targets, ${PARTS.map(([n]) => n).join(', ')})`);
  process.exit(64);
}
for (const [name, run] of PARTS.filter(([n]) => asked.includes(n))) {
  console.log(`\n== bench: ${name}`);
  await run();
}
// `consent` keeps its 1M data folder for `share`; without `share` it would stay in the temp dir.
discardKept();
process.exit(0);
