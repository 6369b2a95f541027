// The operator's view of the outbox: deliveries per destination with their state, the dead letters
// among them, and redelivery. A redelivered message keeps its ids, so receivers still see one event.
import type { Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { Db } from '../store/connect.ts';
import type { Database } from '../store/schema.ts';

export const deliveryStatuses = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof deliveryStatuses)[number];

export interface DeliveryView {
  id: string;
  event_id: string;
  topic: string;
  dedupe_key: string;
  destination: string;
  status: DeliveryStatus;
  attempts: number;
  last_error: string | null;
  next_attempt_at: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  destination?: string;
  limit?: number;
}

export interface OutboxDeliveriesDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}

export class OutboxDeliveries {
  readonly #d: OutboxDeliveriesDeps;

  constructor(deps: OutboxDeliveriesDeps) {
    this.#d = deps;
  }

  /** Newest first. */
  async list(projectId: string, filter: DeliveryFilter & { id?: string } = {}): Promise<DeliveryView[]> {
    let query = this.#d.db.kysely
      .selectFrom('outbox_deliveries as d')
      .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
      .select(['d.id', 'd.outbox_id', 'o.topic', 'o.dedupe_key', 'd.destination', 'd.status', 'd.attempts', 'd.last_error', 'd.available_at', 'd.created_at', 'd.delivered_at'])
      .where('d.project_id', '=', projectId);
    if (filter.status) query = query.where('d.status', '=', filter.status);
    if (filter.destination) query = query.where('d.destination', '=', filter.destination);
    if (filter.id) query = query.where('d.id', '=', filter.id);
    const rows = await query.orderBy('d.created_at', 'desc').orderBy('d.id', 'desc').limit(filter.limit ?? 100).execute();
    return rows.map((row) => ({
      id: row.id,
      event_id: row.outbox_id,
      topic: row.topic,
      dedupe_key: row.dedupe_key,
      destination: row.destination,
      status: row.status as DeliveryStatus,
      attempts: row.attempts,
      last_error: row.last_error,
      next_attempt_at: row.status === 'pending' ? row.available_at : null,
      created_at: row.created_at,
      delivered_at: row.delivered_at,
    }));
  }

  /** Sends one delivery again from a fresh round of attempts: a dead letter, or one a receiver lost. */
  async redeliver(projectId: string, deliveryId: string, by: string): Promise<DeliveryView> {
    await this.#d.db.kysely.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('outbox_deliveries').select(['status']).where('id', '=', deliveryId).where('project_id', '=', projectId).executeTakeFirst();
      if (!row) throw new SwitchboardError('not_found', `No outbox delivery "${deliveryId}" in project "${projectId}".`);
      if (row.status === 'pending') throw new SwitchboardError('conflict', `Delivery ${deliveryId} is pending already; it is sent on its next attempt.`, { status: row.status });
      await this.#requeue(trx, projectId, [deliveryId]);
      await appendAudit(trx, this.#d.db.dialect, this.#d.ids, { projectId, actor: by, action: 'outbox.redelivered', subjectType: 'outbox_delivery', subjectId: deliveryId, data: { previous_status: row.status }, at: isoAt(this.#d.clock) });
    });
    const [view] = await this.list(projectId, { id: deliveryId });
    if (!view) throw new SwitchboardError('not_found', `No outbox delivery "${deliveryId}".`);
    return view;
  }

  /** Every dead letter (of one destination, if named) back in the queue; returns how many. */
  async redeliverDead(projectId: string, by: string, destination?: string): Promise<number> {
    return this.#d.db.kysely.transaction().execute(async (trx) => {
      let query = trx.selectFrom('outbox_deliveries').select('id').where('project_id', '=', projectId).where('status', '=', 'dead');
      if (destination) query = query.where('destination', '=', destination);
      const ids = (await query.execute()).map((row) => row.id);
      if (ids.length === 0) return 0;
      await this.#requeue(trx, projectId, ids);
      await appendAudit(trx, this.#d.db.dialect, this.#d.ids, { projectId, actor: by, action: 'outbox.redelivered', subjectType: 'outbox', subjectId: destination ?? '*', data: { count: ids.length, destination: destination ?? null }, at: isoAt(this.#d.clock) });
      return ids.length;
    });
  }

  async #requeue(trx: Transaction<Database>, projectId: string, ids: string[]): Promise<void> {
    await trx
      .updateTable('outbox_deliveries')
      .set({ status: 'pending', attempts: 0, available_at: isoAt(this.#d.clock), lease_owner: null, lease_expires_at: null, delivered_at: null })
      .where('project_id', '=', projectId)
      .where('id', 'in', ids)
      .execute();
  }
}
