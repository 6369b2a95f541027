// What every flow node is built with: its place in the graph and the settings it needs.
import type { NodeContext, NodeOutcome, WorkflowNode } from '../../engine/graph.ts';
import type { CompiledFlowNode, LoadedFlow } from '../load-flow.ts';
import type { FlowState } from '../flow-state.ts';

export type FlowCtx = NodeContext<FlowState>;
export type FlowOutcome = NodeOutcome<FlowState>;
export type FlowNodeImpl = WorkflowNode<FlowState>;

export interface FlowNodeDeps {
  readonly flow: LoadedFlow;
  readonly botName: string;
  readonly supportEmail: string;
  /** Six digits; injectable so a test can know the code without reading the mail. */
  readonly newCode: () => string;
}

/** Whether the node has an edge for this handle; without one, the run ends there. */
export function hasEdge(flow: LoadedFlow, nodeId: string, handle: string): boolean {
  return flow.edges.get(nodeId)?.has(handle) ?? false;
}

export type Compiled<T extends CompiledFlowNode['node']['type']> = Extract<CompiledFlowNode, { node: { type: T } }>;
