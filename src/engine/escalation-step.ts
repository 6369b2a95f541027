// Seed 001's escalation, run by the engine: after every step the agent-level triggers (after triage
// steps the supervisor's first) are evaluated on the session; the first that fires (once per run)
// turns the step into a wait on an `escalation` task. When a person resolves it, on_human_complete decides: COMPLETE ends the run, CONTINUE goes on
// where the run was headed, HANDOFF leaves the conversation with people.
import { isSwitchboardError, SwitchboardError } from '../domain/errors.ts';
import type { ErrorKind, OnErrorPolicy } from '../escalation/on-error.ts';
import type { Run } from './run.ts';
import type { ResumeValue } from '../domain/run.ts';
import { priorityRank } from '../domain/ticket.ts';
import { decideAfterHuman, type HumanCompleteAction } from '../escalation/human-complete.ts';
import type { FiredTrigger, TriggerSet } from '../escalation/triggers.ts';
import type { EscalationLevel } from '../escalation/trigger-schema.ts';
import { END, sessionOf, type NodeOutcome, type WorkflowState } from './graph.ts';
import type { StepResult } from './step-commit.ts';

/** The engine's own node a run waits at while escalated. */
export const escalationNode = '__escalation__';

/** What an escalated run remembers, in its state, to continue after the person. */
interface PendingEscalation {
  level?: EscalationLevel;
  index: number;
  continueAt: string | null;
}

export function escalateIfTriggered(triggers: TriggerSet | undefined, step: StepResult): StepResult {
  if (!triggers || step.status !== 'succeeded' || step.wait !== null || step.node === escalationNode) return step;
  // The supervisor routes: its triggers are read after triage steps; the agent's after every step.
  const levels: EscalationLevel[] = step.record.layer === 'triage' ? ['supervisor', 'agent'] : ['agent'];
  const fired = firstNewTrigger(triggers, step.state, levels);
  if (!fired) return step;
  const pending: PendingEscalation = { level: fired.level, index: fired.index, continueAt: step.nextNode };
  return {
    ...step,
    state: { ...step.state, escalated_triggers: [...firedBefore(step.state), triggerKey(fired)], escalation: pending },
    wait: { kind: 'escalation', task: { title: `Escalation: ${fired.reason}`, reason: fired.reason, priority: fired.priority, context: { ...fired.contextForHuman, tags: [...fired.tags], trigger: `${fired.level}.triggers[${fired.index}]` } } },
    runStatus: 'waiting',
    nextNode: null,
    resumeAt: escalationNode,
    ticket: { ...step.ticket, priority: higherPriority(step.ticket?.priority, fired.priority) },
  };
}

function firstNewTrigger(triggers: TriggerSet, state: WorkflowState, levels: readonly EscalationLevel[]): FiredTrigger | undefined {
  const session = sessionOf(state);
  if (Object.keys(session).length === 0) return undefined;
  const before = firedBefore(state);
  return levels.flatMap((level) => triggers.evaluate(level, session).fired).find((trigger) => !before.includes(triggerKey(trigger)));
}

/** Each trigger fires at most once per run. */
function triggerKey(trigger: Pick<FiredTrigger, 'level' | 'index'>): string {
  return `${trigger.level}:${trigger.index}`;
}

function firedBefore(state: WorkflowState): string[] {
  const list = state['escalated_triggers'];
  return Array.isArray(list) ? list.filter((item): item is string => typeof item === 'string') : [];
}

function higherPriority<P extends Parameters<typeof priorityRank>[0]>(current: P | undefined, fired: P): P {
  return current !== undefined && priorityRank(current) > priorityRank(fired) ? current : fired;
}

/** The continuation once the person resolved the escalation task. */
export function afterEscalation(triggers: TriggerSet | undefined, state: WorkflowState, answer: ResumeValue | null): NodeOutcome<WorkflowState> {
  if (answer?.kind !== 'escalation') throw new SwitchboardError('internal', 'An escalated run was resumed without the escalation task\'s answer.');
  const pending = state['escalation'] as PendingEscalation | undefined;
  const rules = triggers && pending ? triggers.onHumanComplete(pending.level ?? 'agent', pending.index) : [];
  const human = { decision: answer.decision, resolved: answer.decision === 'resolved', notes: answer.notes, responded_by: answer.respondedBy, ...answer.fields };
  const action = decideAfterHuman(rules, { ...sessionOf(state), human }) ?? defaultAction(answer.decision);
  const payload = { source: 'human', decision: action.kind, human_decision: answer.decision, responded_by: answer.respondedBy, notes: answer.notes, task_id: answer.taskId, current_layer: 'human' };
  const record = { layer: 'human' as const, source: 'human', decision: `escalation_${action.kind}`, confidence: 1, payload };
  const update = { escalation: null };
  switch (action.kind) {
    case 'continue':
      return { kind: 'next', goto: pending?.continueAt ?? END, update, record, ticket: { status: 'in_progress' } };
    case 'complete':
      return { kind: 'next', goto: END, update, record, ticket: { status: 'resolved' } };
    case 'handoff':
      return { kind: 'next', goto: END, update: { ...update, ...countInSession(state, 'handoff_count', 1) }, record: { ...record, payload: { ...payload, handoff_note: `Handed to ${action.agent}.` } }, ticket: { status: 'with_human' } };
  }
}

/** Without a matching on_human_complete rule: "continue" continues, anything else completes. */
function defaultAction(decision: string): HumanCompleteAction {
  return decision === 'continue' ? { kind: 'continue' } : { kind: 'complete' };
}

/** Which ON_ERROR entry applies: a tool's failure, or a route to nowhere. Anything else is the engine's. */
export function errorKindOf(error: unknown): ErrorKind | null {
  if (!isSwitchboardError(error)) return null;
  if (error.code === 'tool_failed') return 'tool_error';
  return error.details?.['kind'] === 'routing_failure' ? 'routing_failure' : null;
}

/**
 * ON_ERROR after its retries: the customer hears `respond`, and the run either waits on an
 * escalation task (CONTINUE retries the failed node once the person is done) or hands the
 * conversation to people.
 */
export function stepAfterError(run: Run, node: string, seq: number, startedAt: Date, error: unknown, kind: ErrorKind, policy: OnErrorPolicy): StepResult {
  const message = error instanceof Error ? error.message : String(error);
  // Every failed attempt counts, retries included: seed 001's supervisor reads `routing_failures >= 3`.
  const state = kind === 'routing_failure' ? { ...run.state, ...countInSession(run.state, 'routing_failures', run.attempts + 1) } : run.state;
  const what = kind === 'tool_error' ? 'A tool failed' : 'The workflow could not route';
  const reason = `${what} at ${node}: ${message}`;
  const reply = policy.respond ?? 'Sorry, something went wrong on our side. A member of our team is looking into it.';
  const base: StepResult = {
    node,
    seq,
    startedAt,
    record: { layer: 'system', source: 'engine', decision: `on_error_${policy.then}`, confidence: null, payload: { status: 'failed', error_kind: kind, error: message, escalation_reason: reason, reply, current_layer: 'system' } },
    status: 'failed',
    inputSnapshot: null,
    state,
    nextNode: null,
    runStatus: 'waiting',
    wait: null,
    reply,
    ticket: undefined,
    task: undefined,
    error: `${kind}: ${message}`,
  };
  if (policy.then === 'handoff') {
    const title = policy.handoffTo ? `Hand over to ${policy.handoffTo} after an error` : 'Customer handed over after an error';
    return { ...base, runStatus: 'failed', ticket: { status: 'with_human' }, task: { type: 'handoff', title, reason, priority: 'high', context: { node, error: message, kind, handoff_to: policy.handoffTo } } };
  }
  const pending: PendingEscalation = { index: -1, continueAt: node };
  return { ...base, state: { ...state, escalation: pending }, wait: { kind: 'escalation', task: { title: `Escalation: ${what.toLowerCase()} at ${node}`, reason, priority: 'high', context: { node, error: message, kind } } }, resumeAt: escalationNode };
}

/** Seed 001's conversation counters live with the session variables that triggers read. */
function countInSession(state: WorkflowState, counter: 'routing_failures' | 'handoff_count', by: number): { session: Record<string, unknown> } {
  const session = sessionOf(state);
  const current = typeof session[counter] === 'number' ? session[counter] : 0;
  return { session: { ...session, [counter]: current + by } };
}
