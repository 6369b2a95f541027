// Seed 001's ON_ERROR: what to tell the customer, how often to retry, and where to go after the
// retries, for a tool error or a routing failure.

export const errorKinds = ['tool_error', 'routing_failure'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export interface OnErrorPolicy {
  /** Said to the customer when the error happens; null says nothing. */
  readonly respond: string | null;
  /** Further attempts before `then`. */
  readonly retry: number;
  readonly then: 'escalate' | 'handoff';
  /** For `then: handoff`: the agent named (`HANDOFF Live_Agent_Transfer`), or null for the default handoff. */
  readonly handoffTo: string | null;
}

export type OnErrorThen = Pick<OnErrorPolicy, 'then' | 'handoffTo'>;

/**
 * Without configuration nothing is retried and the error goes to a human: retrying a tool can repeat
 * a side effect (a refund), so that has to be asked for.
 */
export const defaultOnErrorPolicy: OnErrorPolicy = Object.freeze({ respond: null, retry: 0, then: 'escalate', handoffTo: null });

/** `escalate`, `handoff`, `handoff <agent>` or `handoff to <agent>`, any case; null otherwise. */
export function parseOnErrorThen(text: string): OnErrorThen | null {
  const [verb = '', ...rest] = text.trim().split(/\s+/);
  const target = rest[0]?.toLowerCase() === 'to' ? rest.slice(1) : rest;
  if (verb.toLowerCase() === 'escalate' && rest.length === 0) return { then: 'escalate', handoffTo: null };
  if (verb.toLowerCase() !== 'handoff' || target.length > 1 || (rest.length > 0 && target.length === 0)) return null;
  return { then: 'handoff', handoffTo: target[0] ?? null };
}
