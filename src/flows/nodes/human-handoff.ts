// action human_handoff (seed 003): the run pauses for a reviewer with the interpolated reason, the
// variables and, when the approved edge leads to a tool call, that call's arguments (which the reviewer
// may edit). The customer is told; the decision picks the "approved" or "rejected" edge.
import type { ResumeValue } from '../../domain/run.ts';
import type { ProposedToolCall } from '../../domain/human-task.ts';
import type { Compiled, FlowCtx, FlowNodeDeps, FlowNodeImpl, FlowOutcome } from './node-context.ts';

type Handoff = Compiled<'action'>;

const defaultReply = 'I have escalated this to a reviewer. You will hear back shortly.';

export function humanHandoffNode(compiled: Handoff, deps: FlowNodeDeps): FlowNodeImpl {
  return {
    run: async (ctx) => askReviewer(ctx, compiled, await proposedCall(ctx, compiled, deps)),
    resume: async (ctx, answer) => decided(ctx, compiled, answer),
  };
}

async function askReviewer(ctx: FlowCtx, compiled: Handoff, toolCall: ProposedToolCall | null): Promise<FlowOutcome> {
  const { session } = ctx.state;
  const reason = compiled.reason.render(session);
  const label = compiled.node.data.label?.trim() || 'Approval needed';
  const reply = compiled.message?.render(session) ?? defaultReply;
  return {
    kind: 'interrupt',
    update: { pending: toolCall },
    wait: { kind: 'approval', task: { title: `${label}: ${reason}`.slice(0, 200), reason, priority: compiled.node.data.priority, ...(toolCall ? { toolCall } : {}), context: { ...session, handoff_node: compiled.node.id } } },
    reply,
    record: { layer: 'human', source: 'workflow', decision: 'human_handoff', confidence: 1, payload: { source: 'workflow', decision: 'human_handoff', status: 'awaiting_approval', node: compiled.node.id, escalation_reason: reason, tool: toolCall?.tool ?? null, args: toolCall?.args ?? null, reply, current_layer: 'human', tags: ['approval_needed'] } },
  };
}

/** The call the approved edge leads to, shown to the reviewer; none when it is not a tool call. */
async function proposedCall(ctx: FlowCtx, compiled: Handoff, deps: FlowNodeDeps): Promise<ProposedToolCall | null> {
  const target = deps.flow.edges.get(compiled.node.id)?.get('approved');
  const next = target === undefined ? undefined : deps.flow.nodes.get(target);
  if (next?.node.type !== 'mcp_tool' || !('arguments' in next) || !ctx.hasTool(next.node.data.toolName)) return null;
  try {
    const checked = await ctx.approvalFor(next.node.data.toolName, next.arguments.render(ctx.state.session));
    return { tool: next.node.data.toolName, args: checked.args };
  } catch {
    // Arguments that do not render or validate now fail at the tool node, where the flow handles it.
    return null;
  }
}

function decided(ctx: FlowCtx, compiled: Handoff, answer: ResumeValue): FlowOutcome {
  if (answer.kind !== 'approval') throw new Error(`human_handoff cannot resume from ${answer.kind}`);
  const decision = answer.approved ? 'approved' : 'rejected';
  const pending = ctx.state.pending;
  const approved = answer.approved && pending ? { tool: pending.tool, args: { ...pending.args, ...(answer.editedArgs ?? {}) } } : null;
  const session = { ...ctx.state.session, handoff: { decision, reviewer: answer.respondedBy, reason: answer.reason } };
  return {
    kind: 'next',
    update: { session, handle: decision, pending: null, approved },
    record: { layer: 'human', source: 'human', decision, confidence: 1, payload: { source: 'human', decision, node: compiled.node.id, responded_by: answer.respondedBy, reason: answer.reason, task_id: answer.taskId, edited_args: answer.editedArgs, current_layer: 'human' } },
  };
}
