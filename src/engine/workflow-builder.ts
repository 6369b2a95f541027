// The code-first way to build a workflow graph; it validates the graph before anything runs.
import { SwitchboardError } from '../domain/errors.ts';
import { escalationNode } from './escalation-step.ts';
import { END, START, type Edge, type NodeInfo, type StartInput, type Workflow, type WorkflowNode, type WorkflowState } from './graph.ts';

/** The engine's own places: the ends of every graph and the wait of an escalated run. */
const reservedNames: readonly string[] = [END, START, 'START', escalationNode];

export class WorkflowBuilder<S extends WorkflowState> {
  readonly #name: string;
  readonly #nodes: Record<string, WorkflowNode<S>> = {};
  readonly #edges: Record<string, Edge<S>> = {};
  readonly #info: Record<string, NodeInfo> = {};
  #start: string | undefined;

  constructor(name: string) {
    this.#name = name;
  }

  /** `info` is how the dashboard draws the node (label, kind); it does not change how it runs. */
  node(name: string, node: WorkflowNode<S>, info?: NodeInfo): this {
    if (reservedNames.includes(name)) throw invalid(this.#name, `"${name}" is reserved.`);
    if (this.#nodes[name]) throw invalid(this.#name, `node "${name}" is defined twice.`);
    this.#nodes[name] = node;
    if (info) this.#info[name] = info;
    this.#start ??= name;
    return this;
  }

  startAt(name: string): this {
    this.#start = name;
    return this;
  }

  edge(from: string, to: string): this {
    this.#setEdge(from, { kind: 'direct', to });
    return this;
  }

  /** A conditional edge: `route` returns a key of `targets`. */
  route(from: string, route: (state: Readonly<S>) => string, targets: Record<string, string>): this {
    this.#setEdge(from, { kind: 'conditional', route, targets });
    return this;
  }

  build(initialState: (input: StartInput) => S): Workflow<S> {
    const start = this.#start;
    if (start === undefined) throw invalid(this.#name, 'it has no nodes.');
    this.#checkTargets(start);
    return Object.freeze({ name: this.#name, start, nodes: { ...this.#nodes }, edges: { ...this.#edges }, info: { ...this.#info }, initialState });
  }

  #setEdge(from: string, edge: Edge<S>): void {
    if (this.#edges[from]) throw invalid(this.#name, `node "${from}" already has outgoing edges.`);
    this.#edges[from] = edge;
  }

  #checkTargets(start: string): void {
    const known = (name: string) => name === END || Object.hasOwn(this.#nodes, name);
    if (!known(start)) throw invalid(this.#name, `start node "${start}" does not exist.`);
    for (const [from, edge] of Object.entries(this.#edges)) {
      if (!known(from)) throw invalid(this.#name, `edge from unknown node "${from}".`);
      const targets = edge.kind === 'direct' ? [edge.to] : Object.values(edge.targets);
      for (const to of targets) if (!known(to)) throw invalid(this.#name, `edge ${from} → "${to}" points at no node.`);
    }
  }
}

function invalid(workflow: string, message: string): SwitchboardError {
  return new SwitchboardError('invalid_config', `Workflow "${workflow}": ${message}`);
}

export function workflow<S extends WorkflowState>(name: string): WorkflowBuilder<S> {
  return new WorkflowBuilder<S>(name);
}
