// The session variables triage fills (seed 001's names): what conditions, triggers and policies read,
// e.g. `user.frustration_detected`, `user.requests_human`, `intent.category`, `entities.order_id`.
import type { Money } from '../domain/money.ts';
import { extractEntities, type Entities } from './entities.ts';
import { signalVariables } from './signals.ts';

export interface UserVariables {
  email: string | null;
  requests_human: boolean;
  frustration_detected: boolean;
  frustration_score: number;
  frustration_cues: string[];
}

export interface IntentVariables {
  label: string;
  category: string | null;
  confidence: number;
  source: string;
}

export interface EntityVariables {
  email: string | null;
  order_id: string | null;
  order_ids: string[];
  amount: Money | null;
  amounts: Money[];
  dates: string[];
}

export interface SessionVariables {
  [name: string]: unknown;
  message: string;
  user: UserVariables;
  entities: EntityVariables;
  intent: IntentVariables | null;
  /** Seed 001 names the amount of a refund under discussion this way, in dollars. */
  refund_amount: number | null;
  messages_count: number;
}

export interface SessionOptions {
  orderIdPattern?: RegExp | undefined;
  now: Date;
}

/**
 * Reads one customer message into the session: entities found now are added to those seen earlier
 * (a later message may give the order id the first one lacked); signals describe this message, with
 * the customer's earlier messages as history.
 */
export function readMessage(message: string, history: readonly string[], previous: SessionVariables | null, options: SessionOptions): SessionVariables {
  const found = extractEntities(message, { orderIdPattern: options.orderIdPattern, now: options.now });
  const entities = mergeEntities(previous?.entities ?? null, found);
  const signals = signalVariables(message, history);
  const email = entities.email ?? previous?.user.email ?? null;
  return {
    ...previous,
    message,
    user: { email, ...signals.user },
    entities,
    intent: previous?.intent ?? null,
    refund_amount: entities.amount ? entities.amount.amountCents / 100 : (previous?.refund_amount ?? null),
    messages_count: (previous?.messages_count ?? 0) + 1,
  };
}

function mergeEntities(previous: EntityVariables | null, found: Entities): EntityVariables {
  return {
    email: found.email ?? previous?.email ?? null,
    order_id: found.order_id ?? previous?.order_id ?? null,
    order_ids: unique([...(previous?.order_ids ?? []), ...found.order_ids]),
    amount: found.amount ?? previous?.amount ?? null,
    amounts: found.amounts.length > 0 ? found.amounts : (previous?.amounts ?? []),
    dates: unique([...(previous?.dates ?? []), ...found.dates]),
  };
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
