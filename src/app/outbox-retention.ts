// Deletes outbox events that every destination received long ago, one batch per transaction. Events
// with a pending or dead delivery stay: the dispatcher still works on them, or an operator may
// redeliver them. Each batch adds one audit entry per project.
import { isoAt } from '../domain/clock.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { Db } from '../store/connect.ts';
import { retentionActor, type RetentionDeps } from './run-compaction.ts';

/** Deletes up to `limit` events delivered before `before`; returns how many. */
export async function deleteDeliveredOutboxBatch(deps: RetentionDeps, before: string, limit: number): Promise<number> {
  const { db } = deps;
  return db.kysely.transaction().execute(async (trx) => {
    const events = await db.dialect.lockForClaim(deliveredEvents(trx, before).select(['id', 'project_id']).limit(limit)).execute();
    if (events.length === 0) return 0;
    const ids = events.map((event) => event.id);
    await trx.deleteFrom('outbox_deliveries').where('outbox_id', 'in', ids).execute();
    await trx.deleteFrom('outbox').where('id', 'in', ids).execute();
    const at = isoAt(deps.clock);
    for (const [projectId, count] of countByProject(events)) {
      await appendAudit(trx, db.dialect, deps.ids, { projectId, actor: retentionActor, action: 'retention.outbox_deleted', subjectType: 'project', subjectId: projectId, data: { delivered_before: before, events: count }, at });
    }
    return events.length;
  });
}

export async function countDeliveredOutbox(db: Db, before: string): Promise<number> {
  const row = await deliveredEvents(db.kysely, before).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

function deliveredEvents(k: Db['kysely'], before: string) {
  return k
    .selectFrom('outbox')
    .where('status', '=', 'delivered')
    .where('delivered_at', '<', before)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('outbox_deliveries as d').select('d.id').whereRef('d.outbox_id', '=', 'outbox.id').where('d.status', '<>', 'delivered'))));
}

function countByProject(events: readonly { project_id: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) counts.set(event.project_id, (counts.get(event.project_id) ?? 0) + 1);
  return counts;
}
