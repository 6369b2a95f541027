// Turns a loaded flow file into an engine workflow: one node per flow node, and edges that route on
// the handle the node left by. A handle with no edge ends the run there.
import { END, type Workflow } from '../engine/graph.ts';
import { workflow } from '../engine/workflow-builder.ts';
import { handlesOf } from './flow-document.ts';
import { flowNodeInfo } from './flow-node-info.ts';
import { initialFlowState, type FlowState } from './flow-state.ts';
import type { CompiledFlowNode, LoadedFlow } from './load-flow.ts';
import { authGateNode } from './nodes/auth-gate.ts';
import { humanHandoffNode } from './nodes/human-handoff.ts';
import { ifElseNode } from './nodes/if-else.ts';
import type { Compiled, FlowNodeDeps, FlowNodeImpl } from './nodes/node-context.ts';
import { sendMessageNode } from './nodes/send-message.ts';
import { toolCallNode } from './nodes/tool-call.ts';
import { triggerNode } from './nodes/trigger.ts';

export type FlowSettings = Omit<FlowNodeDeps, 'flow'>;

export function flowWorkflow(flow: LoadedFlow, settings: FlowSettings): Workflow<FlowState> {
  const deps: FlowNodeDeps = { ...settings, flow };
  const builder = workflow<FlowState>(flow.name);
  for (const [id, compiled] of flow.nodes) builder.node(id, nodeFor(compiled, deps), flowNodeInfo(compiled.node));
  builder.startAt(flow.start);
  for (const [id, compiled] of flow.nodes) {
    const out = flow.edges.get(id) ?? new Map<string, string>();
    const handles = handlesOf[compiled.node.type];
    if (handles.length === 1) builder.edge(id, out.get('') ?? END);
    else builder.route(id, (state) => state.handle, Object.fromEntries(handles.map((handle) => [handle, out.get(handle) ?? END])));
  }
  return builder.build(initialFlowState);
}

function nodeFor(compiled: CompiledFlowNode, deps: FlowNodeDeps): FlowNodeImpl {
  switch (compiled.node.type) {
    case 'trigger':
      return triggerNode();
    case 'auth_gate':
      return authGateNode(compiled as Compiled<'auth_gate'>, deps);
    case 'mcp_tool':
      return toolCallNode(compiled as Compiled<'mcp_tool'>, deps);
    case 'logic':
      return ifElseNode(compiled as Compiled<'logic'>);
    case 'action':
      return humanHandoffNode(compiled as Compiled<'action'>, deps);
    case 'send_message':
      return sendMessageNode(compiled as Compiled<'send_message'>);
  }
}
