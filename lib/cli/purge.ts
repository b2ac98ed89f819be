// `x400-support purge [--dry-run] [--json]`.
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { runPurge } from '@/lib/purge/service';
import { EXIT, table, type CliIo } from './io';
import { configuredStorage } from '@/lib/deps';

export const PURGE_HELP = `x400-support purge [--dry-run] [--json]

Purges bundles past their retention window (metadata telemetry.retentionDays, else the default
set on /settings, 30 days until set; counted from the bundle's createdAt) and bundles received
without consent after their quarantine (7 days, X400_QUARANTINE_DAYS or /settings). The file and
everything derived from it are deleted; a tombstone stays. Finishes purges that were interrupted.

JSON output: {"dryRun","bytes","purged":[bundleId],
              "candidates":[{"bundleId","ticketId","fileName","bytes","reason","expiredAt"}]}`;

export async function runPurgeCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({ args, options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.out(PURGE_HELP);
    return EXIT.ok;
  }
  const cfg = config();
  const result = await runPurge({ db: io.db(), storage: configuredStorage() }, CLI_ACTOR, { dryRun: values['dry-run'], quarantineDays: cfg.quarantineDays });
  if (values.json) {
    io.out(JSON.stringify(result));
    return EXIT.ok;
  }
  if (result.candidates.length === 0) {
    io.out('Nothing to purge: every bundle is inside its retention window.');
    return EXIT.ok;
  }
  io.out(table([['BUNDLE', 'TICKET', 'BYTES', 'WHY'], ...result.candidates.map((c) => [c.bundleId, c.ticketId ? `#${c.ticketId}` : '-', String(c.bytes), c.reason])]));
  io.out(result.dryRun ? `Dry run: ${result.candidates.length} bundle(s), ${result.bytes} bytes would be purged.` : `Purged ${result.purged.length} bundle(s), ${result.bytes} bytes.`);
  return EXIT.ok;
}
