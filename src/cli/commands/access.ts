// `switchboard users add` and `switchboard apikeys create | list | revoke`: an operator with access to
// the database manages who may sign in and which machines may call the API. Secrets print once.
import type { Command } from 'commander';
import { defaultProjectId, withIdentityStore } from '../../app/switchboard.ts';
import { createApiKey, listApiKeys, revokeApiKey } from '../../auth/api-keys.ts';
import { createUser, setRole } from '../../auth/users.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { isRole, roles, type Role } from '../../domain/roles.ts';
import { loadConfig } from '../context.ts';
import { printJson, printLine, shortTime } from '../output.ts';

export function accessCommands(program: Command): void {
  const users = program.command('users').description('People who sign in to the dashboard and API');
  users
    .command('add')
    .description('Add a person with a role; prints a generated password once (or reads one from stdin)')
    .argument('<email>')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--name <name>', 'display name (default: the email)')
    .option('--project <id>', 'project', defaultProjectId)
    .option('--password-stdin', 'read the password from stdin instead of generating one')
    .action(addUser);
  users
    .command('role')
    .description("Set a person's role in a project")
    .argument('<user-id>')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--project <id>', 'project', defaultProjectId)
    .action(async (userId: string, options: { role: string; project: string }) => {
      const user = await withIdentityStore(loadConfig().store, (identity) => setRole(identity, userId, options.project, roleOf(options.role)));
      printLine(`${user.email}: ${options.role} in ${options.project}`);
    });

  const keys = program.command('apikeys').description('API keys for machines (stored hashed; shown once)');
  keys
    .command('create')
    .description('Create a key with a role in a project and print it once')
    .requiredOption('--name <name>', 'what the key is for, e.g. helpdesk-sync')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`)
    .option('--project <id>', 'project', defaultProjectId)
    .option('--expires <iso>', 'expiry, e.g. 2027-01-01T00:00:00Z')
    .action(createKey);
  keys.command('list').description('List keys (never the keys themselves)').option('--project <id>', 'project', defaultProjectId).option('--json', 'as JSON').action(listKeys);
  keys.command('revoke').description('Revoke a key at once').argument('<id>').option('--project <id>', 'project', defaultProjectId).action(revokeKey);
}

function roleOf(value: string): Role {
  if (!isRole(value)) throw new SwitchboardError('invalid_request', `"${value}" is not a role; use ${roles.join(', ')}.`);
  return value;
}

async function addUser(email: string, options: { role: string; name?: string; project: string; passwordStdin?: boolean }): Promise<void> {
  const role = roleOf(options.role);
  const password = options.passwordStdin ? (await readStdin()).replace(/\r?\n$/, '') : undefined;
  const { user, password: shown } = await withIdentityStore(loadConfig().store, (identity) =>
    createUser(identity, { email, role, projectId: options.project, ...(options.name ? { name: options.name } : {}), ...(password !== undefined ? { password } : {}) }),
  );
  printLine(`Added ${user.email} (${user.id}) as ${role} in ${options.project}.`);
  if (password === undefined) printLine(`Password (shown once): ${shown}`);
}

async function createKey(options: { name: string; role: string; project: string; expires?: string }): Promise<void> {
  const role = roleOf(options.role);
  if (options.expires !== undefined && Number.isNaN(Date.parse(options.expires))) throw new SwitchboardError('invalid_request', `--expires "${options.expires}" is not a date; write it like 2027-01-01T00:00:00Z.`);
  const expiresAt = options.expires === undefined ? null : new Date(options.expires).toISOString();
  const { key, view } = await withIdentityStore(loadConfig().store, (identity) => createApiKey(identity, { projectId: options.project, name: options.name, role, createdBy: 'cli', expiresAt }));
  printLine(`Created API key ${view.id} "${view.name}" (${role} in ${view.project_id}).`);
  printLine(`Key (shown once): ${key}`);
}

async function listKeys(options: { project: string; json?: boolean }): Promise<void> {
  const keys = await withIdentityStore(loadConfig().store, (identity) => listApiKeys(identity, options.project));
  if (options.json) return printJson(keys);
  if (keys.length === 0) return printLine(`No API keys in ${options.project}.`);
  for (const key of keys) printLine(`${key.id}  ${key.prefix}…  ${key.name}  ${key.role}  created ${shortTime(key.created_at)}  ${key.revoked ? 'revoked' : key.last_used_at ? `last used ${shortTime(key.last_used_at)}` : 'never used'}`);
}

async function revokeKey(id: string, options: { project: string }): Promise<void> {
  const key = await withIdentityStore(loadConfig().store, (identity) => revokeApiKey(identity, options.project, id));
  printLine(`Revoked API key ${key.id} "${key.name}".`);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
