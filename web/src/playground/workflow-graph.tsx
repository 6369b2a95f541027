// A workflow graph drawn as SVG, with a run's path lit up: nodes and edges it passed in one colour,
// the node it waits at outlined and pulsing with what it waits for. Each node is an image with a
// name that says its state; the drawing scales with the page but never below legible.
import { useId, useMemo } from 'react';
import type { WorkflowGraph } from '../api/types.ts';
import { layoutGraph, type PlacedEdge, type PlacedNode } from './graph-layout.ts';
import { labelLine } from './label-placement.ts';
import { stateText, type Highlight, type NodeState } from './path-highlight.ts';

const smallestScale = 0.74;
const largestScale = 1.15;

export function WorkflowGraphView({ graph, highlight, title }: { graph: WorkflowGraph; highlight: Highlight; title: string }) {
  const layout = useMemo(() => layoutGraph(graph), [graph]);
  const id = useId();
  const edges = [...layout.edges].sort((a, b) => Number(highlight.edges.has(a.key)) - Number(highlight.edges.has(b.key)));
  return (
    // A wide flow scrolls sideways; the scroller takes the focus so that a keyboard can scroll it too.
    <div className="graph-scroll" role="region" aria-label="Workflow graph drawing" tabIndex={0}>
      <svg
        className="workflow-graph"
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        role="group"
        aria-labelledby={`${id}-title`}
        data-workflow={graph.workflow}
        style={{ minWidth: layout.width * smallestScale, maxWidth: layout.width * largestScale }}
      >
        <title id={`${id}-title`}>{title}</title>
        <defs>
          <Arrow id={`${id}-arrow-idle`} className="arrow-idle" />
          <Arrow id={`${id}-arrow-passed`} className="arrow-passed" />
        </defs>
        {layout.apart ? (
          <g className="graph-apart" aria-hidden="true">
            <rect x={layout.apart.x} y={layout.apart.y} width={layout.apart.width} height={layout.apart.height} rx={10} />
            <text x={layout.apart.x} y={layout.apart.y - 8}>
              Drawn apart: no fixed edge leads here
            </text>
          </g>
        ) : null}
        <g aria-hidden="true">
          {edges.map((edge) => (
            <EdgePath key={edge.key} edge={edge} taken={highlight.edges.has(edge.key)} arrowId={id} />
          ))}
          {edges.map((edge) => (edge.label ? <EdgeLabel key={edge.key} edge={edge} taken={highlight.edges.has(edge.key)} /> : null))}
        </g>
        {layout.nodes.map((placed) => (
          <NodeShape key={placed.node.id} placed={placed} highlight={highlight} />
        ))}
      </svg>
    </div>
  );
}

function Arrow({ id, className }: { id: string; className: string }) {
  return (
    <marker id={id} className={className} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
      <path d="M 0 0 L 10 5 L 0 10 z" />
    </marker>
  );
}

function EdgePath({ edge, taken, arrowId }: { edge: PlacedEdge; taken: boolean; arrowId: string }) {
  const state = taken ? 'passed' : 'idle';
  return (
    <path
      className={`graph-edge edge-${state}${edge.back ? ' edge-back' : ''}`}
      d={edge.d}
      data-from={edge.edge.from}
      data-to={edge.edge.to}
      data-state={state}
      markerEnd={`url(#${arrowId}-arrow-${state})`}
    />
  );
}

function EdgeLabel({ edge, taken }: { edge: PlacedEdge; taken: boolean }) {
  if (!edge.label) return null;
  const { at, lines } = edge.label;
  const top = at.y - ((lines.length - 1) * labelLine.height) / 2 + 4;
  return (
    <text className={`edge-label${taken ? ' edge-label-passed' : ''}`} x={at.x} y={top} textAnchor="middle">
      {lines.map((line, i) => (
        <tspan key={i} x={at.x} dy={i === 0 ? 0 : labelLine.height}>
          {line}
        </tspan>
      ))}
    </text>
  );
}

const stateWords: Record<NodeState, string> = { idle: 'not reached', passed: 'passed', waiting: 'waiting', running: 'running', failed: 'failed' };

function NodeShape({ placed, highlight }: { placed: PlacedNode; highlight: Highlight }) {
  const { node, lines, x, y, width, height } = placed;
  const state = highlight.nodes.get(node.id) ?? 'idle';
  const note = stateText(state, highlight.waitingFor);
  const round = node.kind === 'start' || node.kind === 'end' ? height / 2 : 8;
  const centreX = x + width / 2;
  const firstLine = y + height / 2 + 4.5 - ((lines.length - 1) * 15) / 2;
  return (
    <g className={`graph-node node-${state} kind-${node.kind}`} data-node={node.id} data-state={state} role="img" aria-label={`${node.label}: ${note ?? stateWords[state]}`}>
      <title>{node.label}</title>
      {state === 'waiting' ? <rect className="node-ring" x={x - 5} y={y - 5} width={width + 10} height={height + 10} rx={round + 5} /> : null}
      <rect className="node-box" x={x} y={y} width={width} height={height} rx={round} />
      <text className="node-label" x={centreX} y={firstLine} textAnchor="middle">
        {lines.map((line, i) => (
          <tspan key={i} x={centreX} dy={i === 0 ? 0 : 15}>
            {line}
          </tspan>
        ))}
      </text>
      {state === 'passed' ? <PassedMark x={x} y={y} /> : null}
      {note ? <NodeNote x={centreX} y={y + height} text={note} /> : null}
    </g>
  );
}

function PassedMark({ x, y }: { x: number; y: number }) {
  return (
    <g className="passed-mark">
      <circle cx={x + 2} cy={y + 2} r={8} />
      <path d={`M ${x - 2} ${y + 2} l 3 3 l 5 -6`} />
    </g>
  );
}

/** What the node waits for, on a tag across its lower edge. */
function NodeNote({ x, y, text }: { x: number; y: number; text: string }) {
  const width = text.length * 6.4 + 16;
  return (
    <g className="node-note">
      <rect x={x - width / 2} y={y - 7} width={width} height={19} rx={9.5} />
      <text x={x} y={y + 6.5} textAnchor="middle">
        {text}
      </text>
    </g>
  );
}
