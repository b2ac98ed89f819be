// `x400-support user add|list|disable`.
import { parseArgs } from 'node:util';
import { listUsers } from '@/db/queries/users';
import { CLI_ACTOR, createUser, parseRole, setUserDisabled } from '@/lib/auth/accounts';
import { EXIT, table, UsageError, type CliIo } from './io';

export const USER_HELP = `x400-support user <command>

Commands:
  user add --email E --role R [--name N] [--generate-password] [--json]
      Create an account. Roles: engineer, lead, manager, admin. The password is read from
      stdin when stdin is not a terminal (first line); otherwise, or with --generate-password,
      one is generated and printed once.
  user list [--json]
      List accounts.
  user disable --email E [--json]
      Disable an account and end its sessions.

JSON output:
  user add     {"id","email","name","role","password"}   (password null unless generated)
  user list    [{"id","email","name","role","disabled","createdAt"}]
  user disable {"id","email","disabled":true}`;

export async function runUser(args: string[], io: CliIo): Promise<number> {
  const [command, ...rest] = args;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    io.out(USER_HELP);
    return command ? EXIT.ok : EXIT.usage;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      name: { type: 'string' },
      'generate-password': { type: 'boolean' },
      json: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    io.out(USER_HELP);
    return EXIT.ok;
  }
  switch (command) {
    case 'add': {
      if (!values.email) throw new UsageError('user add needs --email');
      if (!values.role) throw new UsageError('user add needs --role (engineer, lead, manager or admin)');
      const role = parseRole(values.role);
      const piped = values['generate-password'] ? null : await io.readStdin();
      const password = piped?.split(/\r?\n/)[0]?.trim() || null;
      const { user, generatedPassword } = await createUser(io.db(), { email: values.email, role, name: values.name, password }, CLI_ACTOR);
      if (values.json) {
        io.out(JSON.stringify({ id: user.id, email: user.email, name: user.name, role: user.role, password: generatedPassword }));
      } else {
        io.out(`Created ${user.role} ${user.email}.`);
        if (generatedPassword) io.out(`Password (shown once): ${generatedPassword}`);
      }
      return EXIT.ok;
    }
    case 'list': {
      const users = await listUsers(io.db());
      if (values.json) {
        io.out(
          JSON.stringify(
            users.map((u) => ({ id: u.id, email: u.email, name: u.name, role: u.role, disabled: u.disabled, createdAt: u.createdAt.toISOString() })),
          ),
        );
      } else {
        io.out(table([['EMAIL', 'ROLE', 'STATE', 'NAME'], ...users.map((u) => [u.email, u.role, u.disabled ? 'disabled' : 'active', u.name])]));
      }
      return EXIT.ok;
    }
    case 'disable': {
      if (!values.email) throw new UsageError('user disable needs --email');
      const user = await setUserDisabled(io.db(), values.email, true, CLI_ACTOR);
      io.out(values.json ? JSON.stringify({ id: user.id, email: user.email, disabled: true }) : `Disabled ${user.email}; its sessions have ended.`);
      return EXIT.ok;
    }
    default:
      throw new UsageError(`unknown command "user ${command}" (try: x400-support user --help)`);
  }
}
