// `x400-support share`: the CLI door of "Share externally" (the same shareBundle as the bundle
// page): the sanitized bundle plus its inspection report, age-encrypted, written to a file.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { CLI_ACTOR } from '@/lib/auth/accounts';
import { config } from '@/lib/env';
import { shareBundle } from '@/lib/share/service';
import { EXIT, UsageError, type CliIo } from './io';
import { configuredStorage } from '@/lib/deps';

export const SHARE_HELP = `x400-support share --bundle ID (--recipient age1… | --passphrase-file FILE) --out FILE
                    [--purpose TEXT] [--json]

Writes the bundle's sanitized copy (personal data replaced by [redacted:<category>] markers, plus
its inspection report), encrypted with age to an X25519 recipient or a passphrase read from the
first line of FILE, to --out (replaced only once complete). Needs the bundle's consent confirmed
on its ticket. The share is audited as bundle.share by "cli".

JSON output: {"bundleId","out","size","redactions":{category: count}}`;

export async function runShare(args: string[], io: CliIo): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      bundle: { type: 'string' },
      recipient: { type: 'string' },
      'passphrase-file': { type: 'string' },
      out: { type: 'string' },
      purpose: { type: 'string' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(SHARE_HELP);
    return EXIT.ok;
  }
  if (!values.bundle) throw new UsageError('--bundle ID is required');
  if (!values.out) throw new UsageError('--out FILE is required');
  if (!values.recipient === !values['passphrase-file']) throw new UsageError('give exactly one of --recipient age1… or --passphrase-file FILE');
  let to: { recipient: string } | { passphrase: string };
  if (values.recipient) {
    to = { recipient: values.recipient };
  } else {
    let text: string;
    try {
      text = fs.readFileSync(values['passphrase-file']!, 'utf8');
    } catch (error) {
      throw new UsageError(`cannot read the passphrase file: ${(error as Error).message}`);
    }
    to = { passphrase: text.split(/\r?\n/)[0] ?? '' };
  }
  const out = path.resolve(values.out);
  const cfg = config();
  const result = await shareBundle({ db: io.db(), bundleDir: cfg.bundleDir, storage: configuredStorage() }, CLI_ACTOR, { bundleId: values.bundle, to, purpose: values.purpose });
  const partial = `${out}.partial-${process.pid}`;
  try {
    await pipeline(result.content, fs.createWriteStream(partial, { mode: 0o600 }));
    fs.renameSync(partial, out);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  if (values.json) {
    io.out(JSON.stringify({ bundleId: values.bundle, out, size: result.size, redactions: result.redactions }));
  } else {
    const marks = Object.entries(result.redactions).map(([c, n]) => `${c} ${n}`).join(', ') || 'none';
    io.out(`Wrote ${out} (${result.size} bytes, age-encrypted). Redacted: ${marks}.`);
  }
  return EXIT.ok;
}
