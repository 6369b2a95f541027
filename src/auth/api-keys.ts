// API keys for machines: one project, one role, shown once at creation and stored as a hash;
// revocable, optionally expiring. The prefix lets a person recognise a key in a list.
import { isoAt } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { Role } from '../domain/roles.ts';
import type { IdentityDeps } from './identity-deps.ts';
import type { Principal } from './principal.ts';
import { apiKeyPrefix, newSecret, secretHash } from './tokens.ts';

export interface ApiKeyView {
  id: string;
  project_id: string;
  name: string;
  role: Role;
  prefix: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked: boolean;
}

export interface NewApiKey {
  projectId: string;
  name: string;
  role: Role;
  createdBy: string;
  expiresAt?: string | null;
}

export async function createApiKey(deps: IdentityDeps, input: NewApiKey): Promise<{ key: string; view: ApiKeyView }> {
  const key = newSecret(apiKeyPrefix);
  const id = deps.ids();
  await deps.db.kysely
    .insertInto('api_keys')
    .values({ id, project_id: input.projectId, name: input.name, role: input.role, prefix: key.slice(0, apiKeyPrefix.length + 6), key_hash: secretHash(key), created_by: input.createdBy, created_at: isoAt(deps.clock), expires_at: input.expiresAt ?? null, last_used_at: null, revoked_at: null })
    .execute();
  return { key, view: await getApiKey(deps, input.projectId, id) };
}

export async function listApiKeys(deps: IdentityDeps, projectId: string): Promise<ApiKeyView[]> {
  const rows = await deps.db.kysely.selectFrom('api_keys').selectAll().where('project_id', '=', projectId).orderBy('created_at').execute();
  return rows.map(apiKeyView);
}

export async function getApiKey(deps: IdentityDeps, projectId: string, id: string): Promise<ApiKeyView> {
  const row = await deps.db.kysely.selectFrom('api_keys').selectAll().where('id', '=', id).where('project_id', '=', projectId).executeTakeFirst();
  if (!row) throw new SwitchboardError('not_found', `No API key "${id}" in project "${projectId}".`);
  return apiKeyView(row);
}

export async function revokeApiKey(deps: IdentityDeps, projectId: string, id: string): Promise<ApiKeyView> {
  await getApiKey(deps, projectId, id);
  await deps.db.kysely.updateTable('api_keys').set({ revoked_at: isoAt(deps.clock) }).where('id', '=', id).where('revoked_at', 'is', null).execute();
  return getApiKey(deps, projectId, id);
}

/** The key's principal, or null for an unknown, revoked or expired key. */
export async function apiKeyPrincipal(deps: IdentityDeps, key: string): Promise<Principal | null> {
  if (!key.startsWith(apiKeyPrefix)) return null;
  const row = await deps.db.kysely.selectFrom('api_keys').selectAll().where('key_hash', '=', secretHash(key)).executeTakeFirst();
  const now = isoAt(deps.clock);
  if (!row || row.revoked_at !== null || (row.expires_at !== null && row.expires_at <= now)) return null;
  // Last use is for people auditing keys; minute resolution keeps it from writing on every request.
  if (row.last_used_at === null || row.last_used_at.slice(0, 16) !== now.slice(0, 16)) {
    await deps.db.kysely.updateTable('api_keys').set({ last_used_at: now }).where('id', '=', row.id).execute();
  }
  return { kind: 'api_key', id: row.id, name: `key:${row.name}`, roles: { [row.project_id]: row.role as Role } };
}

function apiKeyView(row: { id: string; project_id: string; name: string; role: string; prefix: string; created_by: string; created_at: string; expires_at: string | null; last_used_at: string | null; revoked_at: string | null }): ApiKeyView {
  return { id: row.id, project_id: row.project_id, name: row.name, role: row.role as Role, prefix: row.prefix, created_by: row.created_by, created_at: row.created_at, expires_at: row.expires_at, last_used_at: row.last_used_at, revoked: row.revoked_at !== null };
}
