// A reviewer's decision and what came of it. Losing a race is an answer, not an error: the API names
// the decision that counted and who made it, and the page shows that.
import { isApiError, ServerUnreachableError, errorMessage } from '../api/api-error.ts';
import type { ApiClient } from '../api/client.ts';
import { claimTask, resolveTask, type ResolveBody } from '../api/tasks-api.ts';
import type { HumanTask, JsonObject, ResolveResult } from '../api/types.ts';

export type Decision = { kind: 'approve'; args?: JsonObject | undefined } | { kind: 'reject'; reason: string };

export type DecisionOutcome =
  | { kind: 'decided'; decision: Decision['kind']; result: ResolveResult }
  | { kind: 'lost_race'; decision: string | null; by: string | null; at: string | null }
  | { kind: 'closed'; status: string; decision: string | null; at: string | null }
  /** The task was open but its run no longer waited for it (it failed, or another answer resumed it). */
  | { kind: 'moved_on'; message: string }
  | { kind: 'failed'; message: string };

export type ClaimOutcome = { kind: 'claimed'; task: HumanTask } | { kind: 'taken'; by: string } | Extract<DecisionOutcome, { kind: 'lost_race' | 'closed' | 'moved_on' | 'failed' }>;

export function resolveBodyOf(decision: Decision): ResolveBody {
  if (decision.kind === 'reject') return { decision: 'rejected', notes: decision.reason };
  return decision.args ? { decision: 'approved', fields: { args: decision.args } } : { decision: 'approved' };
}

export async function decideTask(api: ApiClient, taskId: string, decision: Decision): Promise<DecisionOutcome> {
  try {
    return { kind: 'decided', decision: decision.kind, result: await resolveTask(api, taskId, resolveBodyOf(decision)) };
  } catch (error) {
    return refusal(error);
  }
}

export async function claim(api: ApiClient, taskId: string): Promise<ClaimOutcome> {
  try {
    return { kind: 'claimed', task: await claimTask(api, taskId) };
  } catch (error) {
    if (isApiError(error, 'already_claimed')) return { kind: 'taken', by: text(error.details['claimedBy']) ?? 'someone else' };
    return refusal(error);
  }
}

function refusal(error: unknown): Extract<DecisionOutcome, { kind: 'lost_race' | 'closed' | 'moved_on' | 'failed' }> {
  if (isApiError(error, 'already_decided')) {
    const { decision, respondedBy, resolvedAt } = error.details;
    return { kind: 'lost_race', decision: text(decision), by: text(respondedBy), at: text(resolvedAt) };
  }
  if (isApiError(error, 'task_closed')) return { kind: 'closed', status: text(error.details['status']) ?? 'closed', decision: text(error.details['decision']), at: text(error.details['resolvedAt']) };
  if (isApiError(error, 'not_awaiting_approval')) return { kind: 'moved_on', message: errorMessage(error) };
  if (error instanceof ServerUnreachableError) {
    return { kind: 'failed', message: 'The server could not be reached, so this may not have been recorded. Try again once it answers: a decision that already counted will be reported as such.' };
  }
  return { kind: 'failed', message: errorMessage(error) };
}

function text(value: unknown): string | null {
  return typeof value === 'string' ? value : null;
}
