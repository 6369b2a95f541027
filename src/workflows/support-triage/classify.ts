// The triage node: reads the message into the session variables, asks support rules, the classifier
// and (when configured and unsure) the model, and picks the branch. Its payload is seed 000's.
import type { Route } from '../../config/config-schema.ts';
import type { NodeContext, NodeOutcome } from '../../engine/graph.ts';
import { readMessage, type SessionOptions, type SessionVariables } from '../../triage/session-variables.ts';
import { triageMessage, type TriageDecision } from '../../triage/triage.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import { plannedRoute } from './planner.ts';
import type { SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;

/** With a model, these routes go to the specialist agent; FAQ answers and handoff offers stay canned. */
const agentRoutes: readonly Route[] = ['refund', 'order_status', 'download_link', 'ticket', 'specialist', 'clarify'];

export function classifyNode(deps: SupportWorkflowDeps) {
  return async (ctx: Ctx): Promise<NodeOutcome<SupportState>> => {
    const session = await sessionFor(ctx, deps);
    const triage = await triageMessage(deps.triage, session);
    const route = branchFor(triage, session, deps);
    const withIntent = sessionWithIntent(session, triage);
    return {
      kind: 'next',
      update: { session: withIntent, triage, route, amount: session.entities.amount, orderId: session.entities.order_id, email: session.user.email ?? ctx.state.email },
      ticket: { status: 'in_progress', category: triage.category, priority: triage.priority, customerEmail: session.user.email ?? ctx.state.email },
      record: {
        layer: 'triage',
        source: triage.source,
        decision: 'triage',
        confidence: triage.confidence,
        ...(triage.usage ? { tokensIn: triage.usage.inputTokens, tokensOut: triage.usage.outputTokens, costUsd: triage.usage.costUsd ?? 0 } : {}),
        payload: triagePayload(triage, route, ctx.state.message, withIntent),
      },
    };
  };
}

/** The session is rebuilt from the ticket's earlier customer messages, so entities carry over. */
async function sessionFor(ctx: Ctx, deps: SupportWorkflowDeps): Promise<SessionVariables> {
  const earlier = (await ctx.conversation()).filter((m) => m.role === 'customer').map((m) => m.body);
  // The conversation already holds the message this run started from; it is read last.
  if (earlier.at(-1) === ctx.state.message) earlier.pop();
  return sessionFromMessages(earlier, ctx.state.message, ctx.state.email, { orderIdPattern: deps.orderIdPattern, now: ctx.clock.now() });
}

/** The session triage reads: the earlier customer messages in order, then the one being triaged. */
export function sessionFromMessages(earlier: readonly string[], message: string, email: string | null, options: SessionOptions): SessionVariables {
  let session: SessionVariables | null = null;
  earlier.forEach((text, index) => {
    session = readMessage(text, earlier.slice(0, index), session, options);
  });
  const current = readMessage(message, earlier, session, options);
  return { ...current, user: { ...current.user, email: current.user.email ?? email } };
}

/** The session after triage, as escalation triggers and approval policies read it. */
export function sessionWithIntent(session: SessionVariables, triage: TriageDecision): SessionVariables {
  return { ...session, intent: { label: triage.intent, category: triage.category, confidence: triage.confidence, source: triage.source } };
}

/** The branch after triage: the run's route, named as in the workflow's `classify` routes. */
export function branchFor(triage: TriageDecision, session: SessionVariables, deps: SupportWorkflowDeps): string {
  // An explicit request for a person is always honoured, whatever the message was classified as.
  if (session.user.requests_human) return 'offer_human_handoff';
  if (deps.model && agentRoutes.includes(triage.route)) return 'specialist';
  return triage.route === 'specialist' ? plannedRoute(triage.category) : triage.route;
}

function triagePayload(triage: TriageDecision, route: string, input: string, session: SessionVariables) {
  const handoff = route === 'offer_human_handoff';
  return {
    source: triage.source,
    matched_rule_id: triage.matched_rule_id,
    matched_rule_name: triage.matched_rule_name,
    status: 'in_progress',
    category: triage.category,
    priority: triage.priority,
    route: triage.route,
    current_layer: handoff ? 'triage' : 'specialist',
    confidence: triage.confidence,
    decision: 'triage',
    escalation_reason: handoff ? 'The customer explicitly requested human support.' : null,
    handoff_note: null,
    summary: triage.summary,
    reply: null,
    human_handoff_available: handoff,
    reasoning_summary: triage.model_error ? `${triage.reasoning_summary} The model could not be asked: ${triage.model_error}` : triage.reasoning_summary,
    tags: triage.tags,
    input_snapshot: input,
    intent: triage.intent,
    next: route,
    model: triage.model_id,
    model_input_hash: triage.model_input_hash,
    entities: session.entities,
    signals: { requests_human: session.user.requests_human, frustration_detected: session.user.frustration_detected, frustration_score: session.user.frustration_score, frustration_cues: session.user.frustration_cues },
  };
}
