// The transactional outbox: events are rows written in the step's transaction; the dispatcher
// (outbox-dispatcher.ts) hands each to every destination that wants it, one delivery row apiece.
import type { Kysely, QueryCreator, Transaction } from 'kysely';
import type { Clock } from '../domain/clock.ts';
import { isoAt } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { toJson } from '../store/json.ts';
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
  await outboxInsert(trx, ids, clock, [message]).execute();
}

/** The insert of several events in one statement (a step's), to run alone or inside a larger one. */
export function outboxInsert(db: QueryCreator<Database>, ids: IdGenerator, clock: Clock, messages: readonly NewOutboxMessage[]) {
  const now = isoAt(clock);
  return db
    .insertInto('outbox')
    .values(
      messages.map((message) => ({
        id: ids(),
        project_id: message.projectId,
        topic: message.topic,
        dedupe_key: message.dedupeKey,
        payload: toJson(message.payload),
        status: 'pending',
        attempts: 0,
        available_at: now,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('dedupe_key').doNothing());
}

/** One event on its way to one destination. */
export interface OutboxDelivery extends OutboxMessage {
  deliveryId: string;
  destination: string;
  /** 1 on the first try. */
  attempt: number;
}

/**
 * A destination: the log, the mail, a chat, a webhook endpoint. Its name keys its deliveries, so a
 * sink must keep its name across restarts; `topics` (default: every topic) picks what it receives.
 */
export interface OutboxSink {
  readonly name: string;
  readonly topics?: readonly OutboxTopic[];
  deliver(delivery: OutboxDelivery): Promise<void>;
}

/** Thrown by a sink when retrying cannot help (a 410 Gone, a payload it can never send): dead at once. */
export class PermanentDeliveryError extends Error {
  override readonly name = 'PermanentDeliveryError';
}
