// Browser sessions: a random token in an httpOnly cookie, stored as its hash, expiring; the CSRF
// token is derived from it. A failed login says nothing about which part was wrong.
import { isoAt } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import type { IdentityDeps } from './identity-deps.ts';
import { decoyHash, verifyPassword } from './passwords.ts';
import type { Principal } from './principal.ts';
import { csrfTokenFor, newSecret, secretHash } from './tokens.ts';
import { normaliseEmail } from './users.ts';

export const sessionTtlMs = 12 * 60 * 60_000;

export interface NewSession {
  token: string;
  csrfToken: string;
  expiresAt: string;
  principal: Principal;
}

export function invalidCredentials(): SwitchboardError {
  return new SwitchboardError('unauthorized', 'Invalid credentials.');
}

export async function login(deps: IdentityDeps, email: string, password: string): Promise<NewSession> {
  let address: string;
  try {
    address = normaliseEmail(email);
  } catch {
    throw invalidCredentials();
  }
  const user = await deps.db.kysely.selectFrom('users').selectAll().where('email', '=', address).executeTakeFirst();
  const valid = await verifyPassword(password, user?.password_hash ?? decoyHash);
  if (!user || !valid || user.disabled_at !== null) throw invalidCredentials();
  const token = newSecret();
  const expiresAt = isoAt(deps.clock, sessionTtlMs);
  await deps.db.kysely.insertInto('sessions').values({ id: secretHash(token), user_id: user.id, created_at: isoAt(deps.clock), expires_at: expiresAt, revoked_at: null }).execute();
  return { token, csrfToken: csrfTokenFor(token), expiresAt, principal: await userPrincipal(deps, user.id, user.email) };
}

/** The session's person, or null for an unknown, expired or revoked token. */
export async function sessionPrincipal(deps: IdentityDeps, token: string): Promise<Principal | null> {
  const row = await deps.db.kysely
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['users.id', 'users.email', 'users.disabled_at', 'sessions.expires_at', 'sessions.revoked_at'])
    .where('sessions.id', '=', secretHash(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null || row.disabled_at !== null || row.expires_at <= isoAt(deps.clock)) return null;
  return userPrincipal(deps, row.id, row.email);
}

export async function logout(deps: IdentityDeps, token: string): Promise<void> {
  await deps.db.kysely.updateTable('sessions').set({ revoked_at: isoAt(deps.clock) }).where('id', '=', secretHash(token)).where('revoked_at', 'is', null).execute();
}

export async function userPrincipal(deps: IdentityDeps, userId: string, email: string): Promise<Principal> {
  const memberships = await deps.db.kysely.selectFrom('memberships').select(['project_id', 'role']).where('user_id', '=', userId).execute();
  return { kind: 'user', id: userId, name: email, roles: Object.fromEntries(memberships.map((m) => [m.project_id, m.role as Role])) };
}
