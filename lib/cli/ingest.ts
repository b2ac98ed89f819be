// `x400-support ingest <bundle> [--ticket ID] [--json]` and `ticket consent`: the console's ingest
// from the server's shell, on the same database and bundle folder.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findUserByEmail } from '@/db/queries/users';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { processInstanceId, asInstance as asInstanceWith } from '@/lib/jobs/instance';
import { confirmConsent, ingestBundleFile, parseBundle, type IngestDeps } from '@/lib/ingest/service';
import { EXIT, UsageError, type CliIo } from './io';
import { consoleDeps } from '@/lib/deps';

export const INGEST_HELP = `x400-support ingest <bundle> [--ticket ID] [--json]

Ingests a bundle file as an upload would: checks the archive and metadata.json, stores it, and
links it to the ticket (or leaves it in the unassigned inbox). Prints the bundle's id.
Same bytes twice: one bundle. Same bundleId, other bytes: refused as a conflict.

JSON output: {"status":"stored"|"duplicate"|"rejected","bundleId","ticketId","consent","jobId",
              "problems":[{"code","message"}]}
Exit codes: 0 stored or duplicate, 2 refused, 64 usage error.`;

export const CONSENT_HELP = `x400-support ticket consent --ticket ID --bundle ID --by EMAIL [--json]

Records checklist step 3 (telemetry consent verified) as that engineer, then parses the bundle.
Refused when the bundle's metadata shows no consent.

JSON output: {"ticketId","bundleId","confirmedBy","parseState","spans"}`;

function deps(io: CliIo): IngestDeps {
  return consoleDeps(io.db(), processInstanceId());
}

/** Runs `work` as this process's own instance (see lib/jobs/instance.ts `asInstance`). */
function asInstance<T>(d: IngestDeps, work: () => Promise<T>): Promise<T> {
  return asInstanceWith(d.db, { instanceId: d.instanceId!, role: 'cli', staleSeconds: d.instanceStaleSeconds ?? 30 }, work);
}

export async function runIngest(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { ticket: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    allowPositionals: true,
    strict: true,
  });
  if (values.help) {
    io.out(INGEST_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) throw new UsageError('give exactly one bundle file (try: x400-support ingest --help)');
  const ticketId = values.ticket === undefined ? null : Number(values.ticket);
  if (ticketId !== null && (!Number.isInteger(ticketId) || ticketId <= 0)) throw new UsageError(`--ticket must be a ticket number, got "${values.ticket}"`);
  const file = path.resolve(positionals[0]!);
  const d = deps(io);
  const outcome = await asInstance(d, () => ingestBundleFile(d, { filePath: file, fileName: path.basename(file), ticketId, source: 'cli', actor: CLI_ACTOR }));
  const problems = outcome.status === 'rejected' ? outcome.problems : [];
  if (values.json) {
    io.out(
      JSON.stringify({
        status: outcome.status,
        bundleId: outcome.status === 'rejected' ? null : outcome.bundle.id,
        ticketId: outcome.status === 'rejected' ? ticketId : outcome.bundle.ticketId,
        consent: outcome.status === 'rejected' ? null : outcome.bundle.consentGranted,
        jobId: outcome.job.id,
        problems,
      }),
    );
  } else if (outcome.status === 'rejected') {
    for (const p of problems) io.err(`x400-support ingest: ${p.code}: ${p.message}`);
  } else {
    io.out(outcome.bundle.id);
    if (outcome.status === 'duplicate') io.err('already have it: the same bundle was received before');
    if (!outcome.bundle.consentGranted) io.err('note: the metadata shows no telemetry consent; the bundle is quarantined (metadata only)');
  }
  return outcome.status === 'rejected' ? EXIT.invalid : EXIT.ok;
}

export async function runTicketConsent(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { ticket: { type: 'string' }, bundle: { type: 'string' }, by: { type: 'string' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) {
    io.out(CONSENT_HELP);
    return EXIT.ok;
  }
  if (!values.ticket || !values.bundle || !values.by) throw new UsageError('ticket consent needs --ticket, --bundle and --by');
  const engineer = await findUserByEmail(io.db(), values.by);
  if (!engineer || engineer.disabled) throw new UsageError(`no active user ${values.by}`);
  const ticketId = Number(values.ticket);
  const d = deps(io);
  await confirmConsent(d.db, engineer, ticketId, values.bundle);
  const parsed = await asInstance(d, () => parseBundle(d, values.bundle!));
  if (values.json) io.out(JSON.stringify({ ticketId, bundleId: parsed.id, confirmedBy: engineer.email, parseState: parsed.parseState, spans: parsed.spanCount }));
  else io.out(`Consent confirmed by ${engineer.email}; bundle ${parsed.id} ${parsed.parseState === 'parsed' ? `parsed (${parsed.spanCount} spans)` : `not parsed: ${parsed.parseError}`}.`);
  return parsed.parseState === 'parsed' ? EXIT.ok : EXIT.invalid;
}
