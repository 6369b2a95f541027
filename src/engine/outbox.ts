// The transactional outbox: messages are rows written in the step's transaction and delivered
// afterwards by a dispatcher with retries, exponential backoff with jitter, and a dead-letter state.
import type { Kysely, Transaction } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import { isoAt } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';
import type { Database } from '../store/schema.ts';

export const outboxTopics = ['email.send', 'ticket.created', 'message.created', 'task.created', 'task.escalated', 'task.resolved', 'run.paused', 'run.completed', 'run.failed'] as const;
export type OutboxTopic = (typeof outboxTopics)[number];

export interface OutboxMessage {
  id: string;
  projectId: string;
  topic: OutboxTopic;
  dedupeKey: string;
  payload: Record<string, unknown>;
  attempts: number;
  createdAt: string;
}

export interface NewOutboxMessage {
  projectId: string;
  topic: OutboxTopic;
  /** One event, one key: a second insert with the same key is ignored, so nothing is sent twice. */
  dedupeKey: string;
  payload: Record<string, unknown>;
}

export async function enqueueOutbox(trx: Kysely<Database> | Transaction<Database>, ids: IdGenerator, clock: Clock, message: NewOutboxMessage): Promise<void> {
  const now = isoAt(clock);
  await trx
    .insertInto('outbox')
    .values({
      id: ids(),
      project_id: message.projectId,
      topic: message.topic,
      dedupe_key: message.dedupeKey,
      payload: toJson(message.payload),
      status: 'pending',
      attempts: 0,
      available_at: now,
      created_at: now,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .execute();
}

export interface OutboxSink {
  readonly name: string;
  deliver(message: OutboxMessage): Promise<void>;
}

export interface OutboxDispatcherOptions {
  db: Db;
  clock: Clock;
  workerId: string;
  sinks: readonly OutboxSink[];
  leaseMs?: number;
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number;
  onError?: (message: OutboxMessage, error: unknown) => void;
}

export class OutboxDispatcher {
  readonly #o: Required<Omit<OutboxDispatcherOptions, 'onError'>> & Pick<OutboxDispatcherOptions, 'onError'>;

  constructor(options: OutboxDispatcherOptions) {
    this.#o = { leaseMs: 30_000, maxAttempts: 8, baseDelayMs: 1_000, maxDelayMs: 15 * 60_000, random: Math.random, ...options };
  }

  /** Claims and delivers one batch; returns how many messages it handled. */
  async dispatchBatch(limit = 50): Promise<number> {
    const batch = await this.#claim(limit);
    for (const message of batch) await this.#deliver(message);
    return batch.length;
  }

  async #claim(limit: number): Promise<OutboxMessage[]> {
    const { db, clock, workerId, leaseMs } = this.#o;
    const now = isoAt(clock);
    return db.kysely.transaction().execute(async (trx) => {
      const candidates = await db.dialect
        .lockForClaim(
          trx
            .selectFrom('outbox')
            .selectAll()
            .where('status', '=', 'pending')
            .where('available_at', '<=', now)
            .where((eb) => eb.or([eb('lease_expires_at', 'is', null), eb('lease_expires_at', '<', now)]))
            .orderBy('available_at')
            .limit(limit),
        )
        .execute();
      if (candidates.length === 0) return [];
      await trx
        .updateTable('outbox')
        .set({ lease_owner: workerId, lease_expires_at: isoAt(clock, leaseMs) })
        .where('id', 'in', candidates.map((c) => c.id))
        .execute();
      return candidates.map((row) => ({
        id: row.id,
        projectId: row.project_id,
        topic: row.topic as OutboxTopic,
        dedupeKey: row.dedupe_key,
        payload: fromJson<Record<string, unknown>>(row.payload, {}),
        attempts: row.attempts,
        createdAt: row.created_at,
      }));
    });
  }

  async #deliver(message: OutboxMessage): Promise<void> {
    try {
      for (const sink of this.#o.sinks) await sink.deliver(message);
      await this.#settle(message.id, { status: 'delivered', delivered_at: isoAt(this.#o.clock), attempts: message.attempts + 1, last_error: null });
    } catch (error) {
      this.#o.onError?.(message, error);
      await this.#retryLater(message, error);
    }
  }

  async #retryLater(message: OutboxMessage, error: unknown): Promise<void> {
    const attempts = message.attempts + 1;
    const dead = attempts >= this.#o.maxAttempts;
    await this.#settle(message.id, {
      status: dead ? 'dead' : 'pending',
      attempts,
      available_at: isoAt(this.#o.clock, dead ? 0 : this.backoffMs(attempts)),
      last_error: error instanceof Error ? error.message : String(error),
    });
  }

  /** Exponential backoff with "equal jitter": half fixed, half random, capped. */
  backoffMs(attempts: number): number {
    const exp = Math.min(this.#o.maxDelayMs, this.#o.baseDelayMs * 2 ** (attempts - 1));
    return Math.round(exp / 2 + (this.#o.random() * exp) / 2);
  }

  async #settle(id: string, changes: { status: string; attempts: number; last_error: string | null; delivered_at?: string; available_at?: string }): Promise<void> {
    await this.#o.db.kysely
      .updateTable('outbox')
      .set({ ...changes, lease_owner: null, lease_expires_at: null })
      .where('id', '=', id)
      .where('lease_owner', '=', this.#o.workerId)
      .execute();
  }
}
