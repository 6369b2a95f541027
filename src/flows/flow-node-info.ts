// How a flow node is drawn: the builder's own label when it wrote one, else its id (a tool node adds
// the tool it calls), and a kind and trace layer by node type.
import type { NodeInfo } from '../engine/graph.ts';
import type { FlowNode } from './flow-document.ts';

const byType: Readonly<Record<FlowNode['type'], Omit<NodeInfo, 'label'>>> = {
  trigger: { kind: 'trigger', layer: 'triage' },
  auth_gate: { kind: 'gate', layer: 'triage' },
  mcp_tool: { kind: 'tool', layer: 'specialist' },
  logic: { kind: 'branch', layer: 'specialist' },
  action: { kind: 'human', layer: 'human' },
  send_message: { kind: 'reply', layer: 'specialist' },
};

export function flowNodeInfo(node: FlowNode): NodeInfo {
  return { label: writtenLabel(node) ?? defaultLabel(node), ...byType[node.type] };
}

/** Visual builders keep a label on the node or in its data. */
function writtenLabel(node: FlowNode): string | undefined {
  const candidates: unknown[] = [node.data['label'], node['label']];
  return candidates.find((value): value is string => typeof value === 'string' && value.trim() !== '')?.trim();
}

function defaultLabel(node: FlowNode): string {
  return node.type === 'mcp_tool' ? `${node.id} (${node.data.toolName})` : node.id;
}
