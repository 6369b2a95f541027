// What starts a conversation: the workflow it runs, a fresh thread, or one of the ready-made scenarios.
import { useId } from 'react';
import type { WorkflowSummary } from '../api/types.ts';
import { scenarios, type Scenario } from './scenarios.ts';

export interface ToolbarProps {
  workflows: readonly WorkflowSummary[];
  workflow: string | null;
  busy: boolean;
  onWorkflow: (name: string) => void;
  onNewThread: () => void;
  onScenario: (scenario: Scenario) => void;
}

export function PlaygroundToolbar({ workflows, workflow, busy, onWorkflow, onNewThread, onScenario }: ToolbarProps) {
  const id = useId();
  return (
    <div className="playground-toolbar">
      <div className="toolbar-field">
        <label htmlFor={id}>Workflow</label>
        <select id={id} value={workflow ?? ''} onChange={(event) => onWorkflow(event.target.value)} disabled={workflows.length === 0}>
          {workflows.map((w) => (
            <option key={w.name} value={w.name}>
              {w.name} ({w.kind}
              {w.default ? ', default' : ''})
            </option>
          ))}
        </select>
      </div>
      <button type="button" className="button" onClick={onNewThread}>
        New thread
      </button>
      <div className="scenarios" role="group" aria-labelledby={`${id}-scenarios`}>
        <span id={`${id}-scenarios`} className="scenarios-label">
          Scenarios
        </span>
        {scenarios.map((scenario) => (
          <button key={scenario.id} type="button" className="button small" disabled={busy || !workflow} title={`Sends: “${scenario.message}”`} onClick={() => onScenario(scenario)}>
            {scenario.label}
          </button>
        ))}
      </div>
    </div>
  );
}
