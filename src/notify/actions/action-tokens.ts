// One-click actions that need no login. A link carries a random token; only its SHA-256 is stored,
// bound to one task, one reviewer, one action and the task's version when the link was made. It
// expires, and it works once: the first use marks it, atomically, before the decision is taken.
import type { Clock } from '../../domain/clock.ts';
import { isoAt } from '../../domain/clock.ts';
import type { IdGenerator } from '../../domain/ids.ts';
import { newSecret, secretHash } from '../../auth/tokens.ts';
import type { Db } from '../../store/connect.ts';

export const actionTokenPrefix = 'sba_';
export const tokenActions = ['approve', 'reject'] as const;
export type TokenAction = (typeof tokenActions)[number];

export interface ActionTokenDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}

export interface NewActionLinks {
  projectId: string;
  taskId: string;
  userId: string;
  taskVersion: number;
  ttlMinutes: number;
  /** The server's public address, without a trailing slash. */
  publicUrl: string;
}

export type ActionLinks = Record<TokenAction, string>;

export async function mintActionLinks(deps: ActionTokenDeps, input: NewActionLinks): Promise<ActionLinks> {
  const now = isoAt(deps.clock);
  const expiresAt = isoAt(deps.clock, input.ttlMinutes * 60_000);
  const links = {} as ActionLinks;
  for (const action of tokenActions) {
    const token = newSecret(actionTokenPrefix);
    await deps.db.kysely
      .insertInto('action_tokens')
      .values({ id: deps.ids(), token_hash: secretHash(token), project_id: input.projectId, task_id: input.taskId, user_id: input.userId, task_version: input.taskVersion, action, expires_at: expiresAt, used_at: null, created_at: now })
      .execute();
    links[action] = `${input.publicUrl}/actions/${token}`;
  }
  return links;
}

export interface ActionToken {
  id: string;
  projectId: string;
  taskId: string;
  userId: string;
  taskVersion: number;
  action: TokenAction;
  expiresAt: string;
  usedAt: string | null;
}

/** The token's row, or null for anything that was never issued (including a tampered token). */
export async function findActionToken(db: Db, token: string): Promise<ActionToken | null> {
  if (!token.startsWith(actionTokenPrefix) || token.length > 100) return null;
  const row = await db.kysely.selectFrom('action_tokens').selectAll().where('token_hash', '=', secretHash(token)).executeTakeFirst();
  if (!row) return null;
  return { id: row.id, projectId: row.project_id, taskId: row.task_id, userId: row.user_id, taskVersion: row.task_version, action: row.action as TokenAction, expiresAt: row.expires_at, usedAt: row.used_at };
}

/** Marks the token used; false when another request used it first. */
export async function consumeActionToken(deps: Pick<ActionTokenDeps, 'db' | 'clock'>, id: string): Promise<boolean> {
  const result = await deps.db.kysely.updateTable('action_tokens').set({ used_at: isoAt(deps.clock) }).where('id', '=', id).where('used_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function isExpired(token: ActionToken, clock: Clock): boolean {
  return Date.parse(token.expiresAt) <= clock.now().getTime();
}
