// People who sign in: created by an admin or the CLI, with a role per project.
import { isoAt } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { generatePassword, hashPassword } from './passwords.ts';

export interface UserView {
  id: string;
  email: string;
  name: string;
  roles: Record<string, Role>;
  created_at: string;
  disabled: boolean;
}

export interface NewUser {
  email: string;
  name?: string;
  role: Role;
  projectId: string;
  /** Generated (and returned once) when absent. */
  password?: string;
}

export const minPasswordLength = 12;

export async function createUser(deps: IdentityDeps, input: NewUser): Promise<{ user: UserView; password: string }> {
  const email = normaliseEmail(input.email);
  const password = input.password ?? generatePassword();
  if (password.length < minPasswordLength) throw new SwitchboardError('invalid_request', `A password needs at least ${minPasswordLength} characters.`);
  const now = isoAt(deps.clock);
  const id = deps.ids();
  const hash = await hashPassword(password);
  await deps.db.kysely.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('users').select('id').where('email', '=', email).executeTakeFirst();
    if (existing) throw new SwitchboardError('conflict', `A user with the email ${email} exists already.`, { email });
    await trx.insertInto('users').values({ id, email, name: input.name ?? email, password_hash: hash, created_at: now, disabled_at: null }).execute();
    await trx.insertInto('memberships').values({ user_id: id, project_id: input.projectId, role: input.role, created_at: now }).execute();
  });
  return { user: await getUser(deps, id), password };
}

export async function setRole(deps: IdentityDeps, userId: string, projectId: string, role: Role): Promise<UserView> {
  const now = isoAt(deps.clock);
  await deps.db.kysely
    .insertInto('memberships')
    .values({ user_id: userId, project_id: projectId, role, created_at: now })
    .onConflict((oc) => oc.columns(['user_id', 'project_id']).doUpdateSet({ role }))
    .execute();
  return getUser(deps, userId);
}

export async function getUser(deps: IdentityDeps, id: string): Promise<UserView> {
  const user = await deps.db.kysely.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  if (!user) throw new SwitchboardError('not_found', `No user "${id}".`);
  const memberships = await deps.db.kysely.selectFrom('memberships').select(['project_id', 'role']).where('user_id', '=', id).execute();
  return { id, email: user.email, name: user.name, roles: Object.fromEntries(memberships.map((m) => [m.project_id, m.role as Role])), created_at: user.created_at, disabled: user.disabled_at !== null };
}

/** Null when nobody has that email (or it is not an email at all). */
export async function findUserByEmail(deps: IdentityDeps, email: string): Promise<UserView | null> {
  const normalised = email.trim().toLowerCase();
  const row = await deps.db.kysely.selectFrom('users').select('id').where('email', '=', normalised).executeTakeFirst();
  return row ? getUser(deps, row.id) : null;
}

export async function listUsers(deps: IdentityDeps, projectId: string): Promise<UserView[]> {
  const rows = await deps.db.kysely.selectFrom('memberships').select('user_id').where('project_id', '=', projectId).execute();
  return Promise.all(rows.map((row) => getUser(deps, row.user_id)));
}

export async function countUsers(deps: IdentityDeps): Promise<number> {
  const row = await deps.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(trimmed)) throw new SwitchboardError('invalid_request', `"${email}" is not an email address.`);
  return trimmed;
}
