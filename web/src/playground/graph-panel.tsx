// The graph beside the chat: the workflow the thread runs (or the one picked for the next thread),
// with the latest run's path lit up and a legend for its colours.
import { useMemo } from 'react';
import type { RunPath, WorkflowGraph } from '../api/types.ts';
import { useGet } from '../api/use-get.ts';
import { ErrorNotice } from '../ui/error-notice.tsx';
import { graphPath } from './playground-api.ts';
import { highlightOf } from './path-highlight.ts';
import { PathSummary } from './path-summary.tsx';
import { WorkflowGraphView } from './workflow-graph.tsx';

export function GraphPanel({ workflow, run }: { workflow: string | null; run: RunPath | undefined }) {
  const graph = useGet<WorkflowGraph>(workflow ? graphPath(workflow) : null);
  const shown = run && run.workflow === workflow ? run : undefined;
  const highlight = useMemo(() => highlightOf(shown), [shown]);
  return (
    <section className="panel graph-panel" aria-labelledby="graph-title">
      <h2 id="graph-title">
        Graph, live routing {workflow ? <span className="muted">· {workflow}</span> : null}
      </h2>
      <ErrorNotice error={graph.error} />
      {graph.data ? <WorkflowGraphView graph={graph.data} highlight={highlight} title={`The ${graph.data.workflow} workflow: ${graph.data.nodes.length} nodes, ${graph.data.edges.length} edges`} /> : graph.error ? null : <p className="muted">Loading the graph…</p>}
      <GraphLegend />
      {shown ? <PathSummary run={shown} graph={graph.data} /> : <p className="muted">Start a thread to see the path it takes.</p>}
    </section>
  );
}

function GraphLegend() {
  return (
    <ul className="graph-legend" aria-label="Legend">
      <li>
        <span className="swatch swatch-passed" aria-hidden="true" /> passed
      </li>
      <li>
        <span className="swatch swatch-waiting" aria-hidden="true" /> waiting
      </li>
      <li>
        <span className="swatch swatch-idle" aria-hidden="true" /> not reached
      </li>
      <li>
        <span className="swatch swatch-back" aria-hidden="true" /> back edge
      </li>
    </ul>
  );
}
