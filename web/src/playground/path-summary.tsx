// The path the thread's latest run took, in words: a visible line for the eye, and an ordered list
// for a screen reader ("Path taken: START, Classify, Human Gate (waiting for approval)").
import { useId } from 'react';
import type { RunPath, WorkflowGraph } from '../api/types.ts';
import { stateText } from './path-highlight.ts';

export function PathSummary({ run, graph }: { run: RunPath; graph: WorkflowGraph | undefined }) {
  const id = useId();
  const labels = new Map(graph?.nodes.map((node) => [node.id, node.label]));
  const steps = run.path.map((visit) => `${labels.get(visit.node) ?? visit.node}${visit.status === 'passed' ? '' : ` (${stateText(visit.status, run.waiting_for?.kind ?? null) ?? visit.status})`}`);
  return (
    <div className="path-summary">
      <p className="path-line" aria-hidden="true">
        <strong>Path taken:</strong> {steps.join(' → ')}
      </p>
      <div className="visually-hidden">
        <p id={id}>Path taken:</p>
        <ol aria-labelledby={id} className="path-steps">
          {steps.map((step, index) => (
            <li key={index}>{step}</li>
          ))}
        </ol>
      </div>
    </div>
  );
}
