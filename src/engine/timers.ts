// Durable timers: rows with a due time, claimed like runs. A firing is a transaction that hands
// the timer to its waiting run; nothing waits in an in-process setTimeout.
import { isoAt, type Clock } from '../domain/clock.ts';
import type { Db } from '../store/connect.ts';
import type { Engine } from './engine.ts';

export interface TimerFiring {
  timerId: string;
  runId: string | null;
}

export async function fireDueTimers(db: Db, engine: Engine, clock: Clock, limit = 50): Promise<TimerFiring[]> {
  const now = isoAt(clock);
  return db.kysely.transaction().execute(async (trx) => {
    const due = await db.dialect
      .lockForClaim(trx.selectFrom('timers').select(['id', 'run_id']).where('status', '=', 'pending').where('due_at', '<=', now).orderBy('due_at').limit(limit))
      .execute();
    for (const timer of due) {
      await trx.updateTable('timers').set({ status: 'fired', fired_at: now }).where('id', '=', timer.id).execute();
      if (timer.run_id) await engine.resumeRun(trx, timer.run_id, { kind: 'timer', timerId: timer.id });
    }
    return due.map((t) => ({ timerId: t.id, runId: t.run_id }));
  });
}
