// mcp_tool: calls a registered tool (an MCP server's `server__tool`, or a built-in one) through the
// effect journal and stores the result in the output variable. The engine's policy still gates it: a
// call that needs a reviewer waits for one here, unless a human_handoff before it approved this call.
import { isSwitchboardError } from '../../domain/errors.ts';
import type { ResumeValue } from '../../domain/run.ts';
import { toolRefusal } from '../../engine/effects.ts';
import { hasEdge, type Compiled, type FlowCtx, type FlowNodeDeps, type FlowNodeImpl, type FlowOutcome } from './node-context.ts';

type ToolNode = Compiled<'mcp_tool'>;
type Args = Record<string, unknown>;

export function toolCallNode(compiled: ToolNode, deps: FlowNodeDeps): FlowNodeImpl {
  return {
    run: async (ctx) => {
      const tool = compiled.node.data.toolName;
      const approved = ctx.state.approved?.tool === tool ? ctx.state.approved.args : null;
      let args: Args;
      try {
        args = approved ?? compiled.arguments.render(ctx.state.session);
      } catch (error) {
        return refused(compiled, deps, error);
      }
      return call(ctx, compiled, deps, args);
    },
    resume: async (ctx, answer) => afterReview(ctx, compiled, deps, answer),
  };
}

async function call(ctx: FlowCtx, compiled: ToolNode, deps: FlowNodeDeps, args: Args): Promise<FlowOutcome> {
  const tool = compiled.node.data.toolName;
  let output: unknown;
  try {
    output = await ctx.callTool(tool, args);
  } catch (error) {
    if (isSwitchboardError(error) && error.code === 'approval_required') return askReviewer(ctx, compiled, args);
    if (toolRefusal(error) === null) throw error;
    return refused(compiled, deps, error);
  }
  const variable = compiled.node.data.outputVariable;
  const session = variable ? { ...ctx.state.session, [variable]: output } : ctx.state.session;
  return {
    kind: 'next',
    update: { session, handle: '', pending: null, approved: null },
    record: { layer: 'specialist', source: 'tool', decision: 'tool_succeeded', confidence: 1, payload: { source: 'tool', decision: 'tool_succeeded', node: compiled.node.id, tool, args, output, current_layer: 'specialist' } },
  };
}

async function askReviewer(ctx: FlowCtx, compiled: ToolNode, raw: Args): Promise<FlowOutcome> {
  const tool = compiled.node.data.toolName;
  const policy = await ctx.approvalFor(tool, raw);
  const reason = `${tool} needs a reviewer's approval: ${policy.reason}.`;
  const reply = 'I have passed this to a reviewer. You will hear back here shortly.';
  return {
    kind: 'interrupt',
    update: { pending: { tool, args: policy.args } },
    wait: { kind: 'approval', task: { title: `Approve ${tool}`, reason, priority: 'high', toolCall: { tool, args: policy.args }, context: { ...ctx.state.session, policy: policy.reason } } },
    reply,
    record: { layer: 'specialist', source: 'policy', decision: 'approval_required', confidence: 1, payload: { source: 'policy', decision: 'approval_required', status: 'awaiting_approval', node: compiled.node.id, tool, args: policy.args, rule: policy.rule, reasoning_summary: policy.reason, reply, current_layer: 'human' } },
  };
}

async function afterReview(ctx: FlowCtx, compiled: ToolNode, deps: FlowNodeDeps, answer: ResumeValue): Promise<FlowOutcome> {
  const pending = ctx.state.pending;
  if (answer.kind !== 'approval' || !pending) throw new Error(`mcp_tool cannot resume from ${answer.kind}`);
  if (answer.approved) return call(ctx, compiled, deps, { ...pending.args, ...(answer.editedArgs ?? {}) });
  const onward = hasEdge(deps.flow, compiled.node.id, 'rejected');
  const session = { ...ctx.state.session, handoff: { decision: 'rejected', reviewer: answer.respondedBy, reason: answer.reason } };
  const reply = `A reviewer declined this request${answer.reason ? `: ${answer.reason}` : '.'} Reply here if you'd like to discuss it.`;
  return {
    kind: 'next',
    update: { session, handle: 'rejected', pending: null },
    ...(onward ? {} : { reply }),
    record: { layer: 'human', source: 'human', decision: 'rejected', confidence: 1, payload: { source: 'human', decision: 'rejected', node: compiled.node.id, responded_by: answer.respondedBy, reason: answer.reason, task_id: answer.taskId, current_layer: 'human' } },
  };
}

/** A refusal retrying cannot change (an unknown order): the "error" edge if there is one, else a person. */
function refused(compiled: ToolNode, deps: FlowNodeDeps, error: unknown): FlowOutcome {
  const message = toolRefusal(error) ?? (error instanceof Error ? error.message : String(error));
  const onward = hasEdge(deps.flow, compiled.node.id, 'error');
  const reply = `I couldn't complete that: ${message} I've passed this to our team, who will follow up with you here.`;
  return {
    kind: 'next',
    update: { handle: 'error', pending: null },
    ...(onward ? {} : { reply, ticket: { status: 'with_human' as const } }),
    record: { layer: 'specialist', source: 'tool', decision: 'tool_refused', confidence: 1, payload: { source: 'tool', decision: 'tool_refused', node: compiled.node.id, tool: compiled.node.data.toolName, escalation_reason: message, current_layer: 'specialist' } },
  };
}
