// `x400-support keys rotate [--json]`.
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { rotateDataKey } from '@/lib/crypto/rotate';
import { EXIT, UsageError, type CliIo } from './io';
import { configuredStorage } from '@/lib/deps';

export const KEYS_HELP = `x400-support keys rotate [--json]

Makes a new data key current (in the key file beside the database) and re-encrypts every stored
bundle file under it. With X400_DATA_KEY set, set the new key there first and keep the old one in
the key file: rotate then re-encrypts everything under X400_DATA_KEY.

JSON output: {"newKeyId","reencrypted","failed":[{"bundleId","reason"}]}
Exit codes: 0 done, 2 some files could not be re-encrypted (e.g. changed on disk), 64 usage.`;

export async function runKeys(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h') {
    io.out(KEYS_HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  if (command !== 'rotate') throw new UsageError(`unknown command "keys ${command}" (try: x400-support keys --help)`);
  const { values } = parseArgs({ args: rest, options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } }, strict: true });
  if (values.help) {
    io.out(KEYS_HELP);
    return EXIT.ok;
  }
  const storage = configuredStorage();
  const report = await rotateDataKey(io.db(), { ...storage, keyring: storage.keyring! }, CLI_ACTOR);
  if (values.json) io.out(JSON.stringify(report));
  else {
    io.out(`Data key ${report.newKeyId} is current; ${report.reencrypted} bundle file(s) re-encrypted.`);
    for (const f of report.failed) io.err(`could not re-encrypt bundle ${f.bundleId}: ${f.reason}`);
  }
  return report.failed.length ? EXIT.invalid : EXIT.ok;
}
