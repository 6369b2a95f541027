// A workflow as the dashboard draws it: every node with its label and kind, and every edge a run can
// take, read from the declared graph (the engine refuses any other move), so the picture cannot lie.
import type { Layer } from '../domain/step.ts';
import { escalationNode } from './escalation-step.ts';
import { END, START, type NodeInfo, type NodeKind, type Workflow, type WorkflowState } from './graph.ts';

export type GraphNodeKind = NodeKind | 'start' | 'end';

export interface GraphNode {
  id: string;
  label: string;
  kind: GraphNodeKind;
  layer: Layer | null;
  /** Fewest edges from the start: a column for a layered drawing; null when no edge reaches it. */
  rank: number | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  /** The route keys that take this edge (`refund`, `approve`); null for a plain edge. */
  label: string | null;
}

export interface WorkflowGraph {
  workflow: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export interface DescribeOptions {
  /** Escalation is configured: the engine may pause any step at its own escalation node. */
  escalation?: boolean;
}

type DrawnInfo = Omit<NodeInfo, 'kind'> & { kind: GraphNodeKind };

const startInfo: DrawnInfo = { label: 'START', kind: 'start' };
const endInfo: DrawnInfo = { label: 'END', kind: 'end' };
const escalationInfo: DrawnInfo = { label: 'Escalation', kind: 'human', layer: 'human' };

export function describeWorkflow<S extends WorkflowState>(workflow: Workflow<S>, options: DescribeOptions = {}): WorkflowGraph {
  const edges = [{ from: START, to: workflow.start, label: null }, ...Object.keys(workflow.nodes).flatMap((node) => edgesFrom(workflow, node))];
  const ranks = ranksFrom(START, edges);
  const ids = [START, ...Object.keys(workflow.nodes), ...(edges.some((edge) => edge.to === END) ? [END] : []), ...(options.escalation ? [escalationNode] : [])];
  return { workflow: workflow.name, nodes: ids.map((id) => graphNode(id, infoOf(workflow, id), ranks.get(id) ?? null)), edges };
}

/** One edge per target; route keys that lead to the same node share it. */
function edgesFrom<S extends WorkflowState>(workflow: Workflow<S>, node: string): GraphEdge[] {
  const edge = workflow.edges[node];
  if (!edge) return [{ from: node, to: END, label: null }];
  if (edge.kind === 'direct') return [{ from: node, to: edge.to, label: null }];
  const keysByTarget = new Map<string, string[]>();
  for (const [key, target] of Object.entries(edge.targets)) keysByTarget.set(target, [...(keysByTarget.get(target) ?? []), key]);
  // A flow node's plain way out is the empty route key: that edge is unlabelled.
  return [...keysByTarget].map(([to, keys]) => ({ from: node, to, label: keys.includes('') ? null : keys.join(', ') }));
}

/** Breadth-first from the start. */
function ranksFrom(start: string, edges: readonly GraphEdge[]): Map<string, number> {
  const ranks = new Map([[start, 0]]);
  const queue = [start];
  for (let from = queue.shift(); from !== undefined; from = queue.shift()) {
    for (const edge of edges) {
      if (edge.from !== from || ranks.has(edge.to)) continue;
      ranks.set(edge.to, (ranks.get(from) ?? 0) + 1);
      queue.push(edge.to);
    }
  }
  return ranks;
}

function infoOf<S extends WorkflowState>(workflow: Workflow<S>, id: string): DrawnInfo {
  if (id === START) return startInfo;
  if (id === END) return endInfo;
  if (id === escalationNode) return escalationInfo;
  return workflow.info?.[id] ?? { label: id, kind: 'step' };
}

function graphNode(id: string, info: DrawnInfo, rank: number | null): GraphNode {
  return { id, label: info.label, kind: info.kind, layer: info.layer ?? null, rank };
}
