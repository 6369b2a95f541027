// What a run's path lights up in its graph: the state of each node (the latest visit counts) and the
// edges taken, each move from one visit to the next.
import type { RunPath, WaitKind } from '../api/types.ts';

export type NodeState = 'idle' | 'passed' | 'waiting' | 'running' | 'failed';

export interface Highlight {
  nodes: ReadonlyMap<string, NodeState>;
  /** Keys made by edgeKey(from, to). */
  edges: ReadonlySet<string>;
  waitingFor: WaitKind | null;
}

export const noHighlight: Highlight = { nodes: new Map(), edges: new Set(), waitingFor: null };

export function edgeKey(from: string, to: string): string {
  return `${from}\u2192${to}`;
}

export function highlightOf(run: RunPath | undefined): Highlight {
  if (!run) return noHighlight;
  const nodes = new Map<string, NodeState>();
  const edges = new Set<string>();
  run.path.forEach((visit, index) => {
    nodes.set(visit.node, visit.status);
    const previous = run.path[index - 1];
    if (previous) edges.add(edgeKey(previous.node, visit.node));
  });
  return { nodes, edges, waitingFor: run.waiting_for?.kind ?? null };
}

const waitText: Record<WaitKind, string> = {
  approval: 'waiting for approval',
  escalation: 'waiting for a person',
  customer: 'waiting for the customer',
  timer: 'waiting for a timer',
};

/** The words beside a node: null for a node the run has not reached or simply passed. */
export function stateText(state: NodeState, waitingFor: WaitKind | null): string | null {
  switch (state) {
    case 'waiting':
      return waitingFor ? waitText[waitingFor] : 'waiting';
    case 'running':
      return 'running';
    case 'failed':
      return 'failed';
    case 'passed':
    case 'idle':
      return null;
  }
}
