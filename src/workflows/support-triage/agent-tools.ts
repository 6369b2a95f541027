// The specialist's proposed calls, one engine step each: unknown tools and invalid arguments are
// refused back to the model, the policy decides which calls wait for a reviewer, and a rejection's
// reason goes back to the model as the call's result.
import { isSwitchboardError } from '../../domain/errors.ts';
import type { ResumeValue } from '../../domain/run.ts';
import { toolRefusal } from '../../engine/effects.ts';
import type { NodeContext, NodeOutcome, StepRecord } from '../../engine/graph.ts';
import type { ChatMessage, ProposedCall } from '../../llm/model-client.ts';
import type { SupportWorkflowDeps } from './deps.ts';
import type { AgentState, SupportState } from './state.ts';

type Ctx = NodeContext<SupportState>;
type Outcome = NodeOutcome<SupportState>;

export function agentToolNode(deps: SupportWorkflowDeps) {
  void deps;
  return {
    run: (ctx: Ctx) => runPendingCall(ctx),
    resume: (ctx: Ctx, answer: ResumeValue) => reviewerAnswered(ctx, answer),
  };
}

async function runPendingCall(ctx: Ctx): Promise<Outcome> {
  const agent = requireAgent(ctx.state);
  const [call] = agent.pending;
  if (!call) return { kind: 'next', update: { route: 'model' }, record: { layer: 'specialist', source: 'workflow', decision: 'no_call', confidence: null } };
  if (agent.approved?.callId === call.id) return execute(ctx, agent, call, agent.approved.args, 'approved by a reviewer');
  if (!ctx.hasTool(call.name)) return refuse(agent, call, `There is no tool named "${call.name}".`, 'unknown_tool');
  let check;
  try {
    check = await ctx.approvalFor(call.name, call.args);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'invalid_request') return refuse(agent, call, error.message, 'invalid_arguments');
    throw error;
  }
  if (!check.required) return execute(ctx, agent, call, check.args, check.reason);
  return holdForReviewer(ctx, agent, call, check.args, check.reason);
}

function holdForReviewer(ctx: Ctx, agent: AgentState, call: ProposedCall, args: Record<string, unknown>, reason: string): Outcome {
  const reply = 'I have asked a member of our team to approve this. You will hear back here as soon as they decide.';
  const task = { title: `Approve ${call.name}`, reason: `The assistant proposes ${call.name} for ${ctx.state.email ?? 'the customer'}: ${reason}.`, priority: 'high' as const, toolCall: { tool: call.name, args }, context: { message: ctx.state.message, email: ctx.state.email, order_id: ctx.state.orderId, category: ctx.state.triage?.category ?? null } };
  return {
    kind: 'interrupt',
    update: { agent: { ...agent, pending: [{ ...call, args }, ...agent.pending.slice(1)] } },
    wait: { kind: 'approval', task },
    reply,
    record: { layer: 'specialist', source: 'policy', decision: 'approval_required', confidence: 1, payload: { source: 'policy', status: 'awaiting_approval', decision: 'approval_required', tool: call.name, args, reasoning_summary: reason, escalation_reason: task.reason, reply, current_layer: 'human', tags: ['approval_needed'] } },
  };
}

async function reviewerAnswered(ctx: Ctx, answer: ResumeValue): Promise<Outcome> {
  if (answer.kind !== 'approval') throw new Error(`a tool call cannot resume from ${answer.kind}`);
  const agent = requireAgent(ctx.state);
  const [call] = agent.pending;
  if (!call) throw new Error('a reviewer answered but no call is pending');
  const human: StepRecord = { layer: 'human', source: 'human', decision: answer.approved ? 'approved' : 'rejected', confidence: 1, payload: { source: 'human', decision: answer.approved ? 'approved' : 'rejected', responded_by: answer.respondedBy, reason: answer.reason, task_id: answer.taskId, tool: call.name, edited_args: answer.editedArgs, current_layer: 'human' } };
  if (answer.approved) {
    const args = { ...call.args, ...(answer.editedArgs ?? {}) };
    return { kind: 'next', update: { agent: { ...agent, approved: { callId: call.id, args } }, route: 'tool' }, record: human };
  }
  const result = { status: 'rejected_by_reviewer', reason: answer.reason ?? 'no reason given' };
  return { kind: 'next', update: { agent: afterCall(agent, call, result, false), route: nextRoute(agent) }, record: human };
}

async function execute(ctx: Ctx, agent: AgentState, call: ProposedCall, args: Record<string, unknown>, reason: string): Promise<Outcome> {
  let output: unknown;
  let failed = false;
  try {
    output = await ctx.callTool(call.name, args);
  } catch (error) {
    // A refusal goes back to the model; a transient failure is retried by the engine.
    const refusal = toolRefusal(error);
    if (refusal === null) throw error;
    output = { error: refusal };
    failed = true;
  }
  return {
    kind: 'next',
    update: { agent: afterCall({ ...agent, approved: null }, call, output, failed), route: nextRoute(agent) },
    record: { layer: 'specialist', source: 'tool', decision: failed ? 'tool_failed' : 'tool_called', confidence: null, payload: { source: 'tool', decision: failed ? 'tool_failed' : 'tool_called', tool: call.name, args, output, reasoning_summary: reason, current_layer: 'specialist' } },
  };
}

function refuse(agent: AgentState, call: ProposedCall, message: string, decision: string): Outcome {
  return {
    kind: 'next',
    update: { agent: afterCall(agent, call, { error: message }, true), route: nextRoute(agent) },
    record: { layer: 'specialist', source: 'policy', decision, confidence: null, payload: { source: 'policy', decision, tool: call.name, args: call.args, reasoning_summary: message, current_layer: 'specialist' } },
  };
}

function afterCall(agent: AgentState, call: ProposedCall, result: unknown, isError: boolean): AgentState {
  const message: ChatMessage = { role: 'tool', toolCallId: call.id, name: call.name, result: result ?? null, isError };
  return { ...agent, pending: agent.pending.slice(1), messages: [...agent.messages, message] };
}

/** After this call: the next pending call, or back to the model with the results. */
function nextRoute(agent: AgentState): string {
  return agent.pending.length > 1 ? 'tool' : 'model';
}

function requireAgent(state: SupportState): AgentState {
  if (!state.agent) throw new Error('agent_tool reached without an agent state');
  return state.agent;
}
