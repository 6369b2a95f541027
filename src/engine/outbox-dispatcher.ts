// Delivers the outbox. Each pass first fans new events out into one delivery row per destination,
// then claims due deliveries under a lease and hands each to its sink. Every delivery is retried on
// its own, with exponential backoff and jitter, and dead-lettered after the last attempt, so a mail
// server that is down neither delays nor repeats the webhook of the same event.
//
// Delivery is at least once per destination: a process killed after a sink accepted a delivery but
// before the row was marked can deliver it again when the lease runs out. Every sink sends a stable
// id for this (the webhook-id, the mail's Message-ID, the delivery id), so receivers can drop it.
import type { Clock } from '../domain/clock.ts';
import { isoAt } from '../domain/clock.ts';
import type { Db } from '../store/connect.ts';
import { isSwitchboardError } from '../domain/errors.ts';
import { fromJson } from '../store/json.ts';
import { PermanentDeliveryError, type OutboxDelivery, type OutboxSink, type OutboxTopic } from './outbox.ts';

export interface OutboxDispatcherOptions {
  db: Db;
  clock: Clock;
  workerId: string;
  sinks: readonly OutboxSink[];
  ids: () => string;
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onError?: (delivery: OutboxDelivery, error: unknown) => void;
}

type Settings = Required<Omit<OutboxDispatcherOptions, 'onError'>> & Pick<OutboxDispatcherOptions, 'onError'>;

export class OutboxDispatcher {
  readonly #o: Settings;
  readonly #sinks: ReadonlyMap<string, OutboxSink>;

  constructor(options: OutboxDispatcherOptions) {
    // 20 attempts about 1 s, 2 s, 4 s … apart, capped at 15 minutes: a destination gets about two hours to come back.
    this.#o = { leaseMs: 30_000, maxAttempts: 20, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, random: Math.random, ...options };
    this.#sinks = new Map(options.sinks.map((sink) => [sink.name, sink]));
    if (this.#sinks.size !== options.sinks.length) throw new Error('Two outbox sinks share a name; each destination needs its own.');
  }

  /** The names of the destinations it delivers to. */
  get destinations(): string[] {
    return [...this.#sinks.keys()];
  }

  /** Fans out and delivers one batch; returns how many events and deliveries it handled. */
  async dispatchBatch(limit = 50): Promise<number> {
    const fanned = await this.#fanOut(limit);
    const batch = await this.#claim(limit);
    await Promise.all(batch.map((delivery) => this.#deliver(delivery)));
    return fanned + batch.length;
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  backoffMs(attempts: number): number {
    const exp = Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempts - 1));
    return Math.round(exp / 2 + (this.#o.random() * exp) / 2);
  }

  async #fanOut(limit: number): Promise<number> {
    const { db, clock, ids } = this.#o;
    const now = isoAt(clock);
    return db.kysely.transaction().execute(async (trx) => {
      const events = await db.dialect.lockForClaim(trx.selectFrom('outbox').select(['id', 'project_id', 'topic']).where('status', '=', 'pending').where('available_at', '<=', now).orderBy('available_at').limit(limit)).execute();
      if (events.length === 0) return 0;
      const rows = events.flatMap((event) =>
        this.#destinationsFor(event.topic as OutboxTopic).map((destination) => ({
          id: ids(),
          outbox_id: event.id,
          project_id: event.project_id,
          destination,
          status: 'pending',
          attempts: 0,
          available_at: now,
          created_at: now,
        })),
      );
      if (rows.length > 0) await trx.insertInto('outbox_deliveries').values(rows).onConflict((oc) => oc.columns(['outbox_id', 'destination']).doNothing()).execute();
      await trx.updateTable('outbox').set({ status: 'delivered', delivered_at: now }).where('id', 'in', events.map((e) => e.id)).execute();
      return events.length;
    });
  }

  #destinationsFor(topic: OutboxTopic): string[] {
    return [...this.#sinks.values()].filter((sink) => !sink.topics || sink.topics.includes(topic)).map((sink) => sink.name);
  }

  async #claim(limit: number): Promise<OutboxDelivery[]> {
    const { db, clock, workerId, leaseMs } = this.#o;
    const now = isoAt(clock);
    return db.kysely.transaction().execute(async (trx) => {
      const candidates = await db.dialect
        .lockForClaim(
          trx
            .selectFrom('outbox_deliveries as d')
            .innerJoin('outbox as o', 'o.id', 'd.outbox_id')
            .select(['d.id', 'd.destination', 'd.attempts', 'o.id as outbox_id', 'o.project_id', 'o.topic', 'o.dedupe_key', 'o.payload', 'o.created_at'])
            .where('d.status', '=', 'pending')
            .where('d.available_at', '<=', now)
            .where('d.destination', 'in', [...this.#sinks.keys()])
            .where((eb) => eb.or([eb('d.lease_expires_at', 'is', null), eb('d.lease_expires_at', '<', now)]))
            .orderBy('d.available_at')
            .limit(limit),
        )
        .execute();
      if (candidates.length === 0) return [];
      await trx
        .updateTable('outbox_deliveries')
        .set({ lease_owner: workerId, lease_expires_at: isoAt(clock, leaseMs) })
        .where('id', 'in', candidates.map((c) => c.id))
        .execute();
      return candidates.map((row) => ({
        deliveryId: row.id,
        destination: row.destination,
        attempt: row.attempts + 1,
        id: row.outbox_id,
        projectId: row.project_id,
        topic: row.topic as OutboxTopic,
        dedupeKey: row.dedupe_key,
        payload: fromJson<Record<string, unknown>>(row.payload, {}),
        attempts: row.attempts,
        createdAt: row.created_at,
      }));
    });
  }

  async #deliver(delivery: OutboxDelivery): Promise<void> {
    const sink = this.#sinks.get(delivery.destination);
    try {
      if (!sink) throw new PermanentDeliveryError(`No destination "${delivery.destination}" is configured.`);
      await sink.deliver(delivery);
      await this.#settle(delivery.deliveryId, { status: 'delivered', delivered_at: isoAt(this.#o.clock), attempts: delivery.attempt, last_error: null });
    } catch (error) {
      this.#o.onError?.(delivery, error);
      const dead = isPermanent(error) || delivery.attempt >= this.#o.maxAttempts;
      await this.#settle(delivery.deliveryId, {
        status: dead ? 'dead' : 'pending',
        attempts: delivery.attempt,
        available_at: isoAt(this.#o.clock, dead ? 0 : this.backoffMs(delivery.attempt)),
        last_error: error instanceof Error ? error.message : String(error),
      });
    }
  }

  async #settle(id: string, changes: { status: string; attempts: number; last_error: string | null; delivered_at?: string; available_at?: string }): Promise<void> {
    await this.#o.db.kysely
      .updateTable('outbox_deliveries')
      .set({ ...changes, lease_owner: null, lease_expires_at: null })
      .where('id', '=', id)
      .where('lease_owner', '=', this.#o.workerId)
      .execute();
  }
}

/** A payload no sink can ever send is as hopeless as a 410: retrying would only repeat the error. */
function isPermanent(error: unknown): boolean {
  return error instanceof PermanentDeliveryError || (isSwitchboardError(error) && error.code === 'invalid_request');
}
