// The x400-support command line: one entry point, commands in their own modules.
// Everything but the help text is imported lazily: `x400-support --help` loads no database,
// no engine, so the precompiled command answers at once.
import fs from 'node:fs';
import type { AppDb } from '@/db/client';
import { ConfigError, config, databaseTarget } from '@/lib/env';
import { AppError } from '@/lib/errors';
import { EXIT, UsageError, type CliIo } from './io';

export const HELP = `x400-support: the X400 Support Console from the server's shell

Usage: x400-support <command> [options]

Commands:
  inspect <bundle> [--json]   Validate a diagnostic bundle, check redaction, print metrics
                              (works on the file alone: no server or database needed)
  compare <base> <other> [--json]  Compare two bundles: operations, p95, error codes
                              (works on the files alone)
  ingest <bundle> [--ticket ID] Ingest a bundle into the console (prints its id)
  user ...                    Manage accounts (add, list, disable)
  ticket ...                  Create and list tickets; confirm consent (ticket consent); related tickets, parent incidents
  share --bundle ID (--recipient age1… | --passphrase-file F) --out FILE
                              Write a sanitized, age-encrypted copy of a bundle
  purge [--dry-run]           Purge bundles past their retention window
  keys rotate                 Re-encrypt stored bundles under a new data key
  backup <file>               Online copy of the database, the data key and the bundle files
  db migrate                  Apply pending database migrations, then exit
  --help                      This help; every command takes --help too

Environment: X400_DATABASE_URL (PostgreSQL), else X400_DATA_DIR (default ./data) selects the
database, as for the server.
Exit codes: 0 success, 1 personal data found (inspect), 2 invalid bundle, 3 no consent,
64 usage error, 70 other failure.`;

type Command = (args: string[], io: CliIo) => Promise<number>;

/** Opens the database module once a command needs it (consoleIo().db() is synchronous). */
let databaseModule: typeof import('@/db/client') | null = null;
async function loadDatabaseModule(): Promise<void> {
  databaseModule ??= await import('@/db/client');
}

async function readStdin(): Promise<string | null> {
  if (process.stdin.isTTY) return null;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function consoleIo(): CliIo {
  let db: AppDb | null = null;
  return {
    out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
    readStdin,
    db: () => {
      if (!db) {
        const cfg = config();
        process.umask(0o077);
        fs.mkdirSync(cfg.dataDir, { recursive: true, mode: 0o700 });
        if (!databaseModule) throw new Error('the database module is not loaded');
        db = databaseModule.openDatabase(databaseTarget(cfg), cfg.appRoot);
      }
      return db;
    },
    // Postgres is migrated (under the advisory lock) before a command's first query; SQLite
    // already was when it opened.
    async prepare() {
      if (config().databaseUrl === null || !databaseModule) return;
      await databaseModule.migrateDatabase(this.db(), config().appRoot);
    },
  };
}

export async function main(argv: string[], io: CliIo = consoleIo()): Promise<number> {
  const [command, ...args] = argv;
  const commands: Record<string, () => Promise<Command | null>> = {
    user: async () => (await import('./users')).runUser,
    ticket: async () => {
      const [{ runTicket }, { runTicketConsent }, incidents] = await Promise.all([import('./tickets'), import('./ingest'), import('./incidents')]);
      return (args, io) => runTicket(args, io, { consent: runTicketConsent, link: incidents.runTicketLink, unlink: incidents.runTicketUnlink, related: incidents.runTicketRelated });
    },
    inspect: async () => (await import('./inspect')).runInspect,
    compare: async () => (await import('./compare')).runCompare,
    ingest: async () => (await import('./ingest')).runIngest,
    purge: async () => (await import('./purge')).runPurgeCommand,
    keys: async () => (await import('./keys')).runKeys,
    backup: async () => (await import('./backup')).runBackup,
    share: async () => (await import('./share')).runShare,
    db: async () => (await import('./db')).runDb,
  };
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
  const run = load ? await load() : null;
  if (!run) {
    io.err(`x400-support: unknown command "${command}" (try: x400-support --help)`);
    return EXIT.usage;
  }
  try {
    if (command !== 'inspect' && command !== 'compare') {
      await loadDatabaseModule();
      // `db` migrates by itself; `backup` refuses PostgreSQL before connecting to it.
      if (command !== 'db' && command !== 'backup' && !args.includes('--help')) await io.prepare?.();
    }
    return await run(args, io);
  } catch (error) {
    if (error instanceof UsageError || (error as NodeJS.ErrnoException).code?.startsWith?.('ERR_PARSE_ARGS')) {
      io.err(`x400-support ${command}: ${(error as Error).message}`);
      return EXIT.usage;
    }
    if (error instanceof AppError || error instanceof ConfigError) {
      io.err(`x400-support ${command}: ${error.message}`);
      return EXIT.failure;
    }
    throw error;
  }
}
