// A chat callback (`/hooks/…`) refused for its signature is kept in the audit log: someone other than
// the chat, or a replay of an old request, tried to decide. The project is the default one, since an
// unverified request says nothing trustworthy about which project it meant.
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { Db } from '../store/connect.ts';

export interface RefusedHook {
  projectId: string;
  /** The chat whose callback it was: `slack`, `discord`, … */
  channel: string;
  /** Why it was refused, in the chat's own terms (`missing`, `mismatch`, `stale`, …). */
  problem: string;
  /** The caller's address, as the rate limits see it. */
  address: string;
}

export async function auditRefusedHook(deps: { db: Db; ids: IdGenerator; clock: Clock }, hook: RefusedHook): Promise<void> {
  await deps.db.kysely.transaction().execute((trx) =>
    appendAudit(trx, deps.db.dialect, deps.ids, { projectId: hook.projectId, actor: `${hook.channel}:unverified`, action: 'hook.signature_refused', subjectType: 'hook', subjectId: hook.channel, data: { problem: hook.problem, address: hook.address }, at: isoAt(deps.clock) }),
  );
}
