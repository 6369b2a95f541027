// One step of a run, as seed 000's trace shows it: the layer, what the step concluded, where the
// decision came from, status / decision / confidence, its tool calls, and its payload on request.
import { useId } from 'react';
import type { Step } from '../api/types.ts';
import { confidenceText, formatTraceTime, layerTitle, sourceLabel, stepStatus, stepSummary } from './ticket-labels.ts';
import { PayloadDisclosure } from './payload-disclosure.tsx';
import type { RunLabel } from './trace-entries.ts';
import { ToolCallCard } from './tool-call-card.tsx';
import { versionNote } from './version-note.ts';

export function StepCard({ step, run }: { step: Step; run: RunLabel }) {
  const titleId = useId();
  const summary = stepSummary(step);
  const version = versionNote(step);
  return (
    <article className={`trace-card step-card layer-${step.layer}${step.status === 'failed' ? ' step-failed' : ''}`} aria-labelledby={titleId}>
      <header className="trace-card-head">
        <h3 id={titleId}>{layerTitle(step.layer)}</h3>
        <span className="muted">
          {run.of > 1 ? `Run ${run.number} · ` : ''}
          <code>{step.node}</code> · <time dateTime={step.started_at}>{formatTraceTime(step.started_at)}</time>
        </span>
      </header>
      {summary ? <p className="trace-text">{summary}</p> : null}
      <p className="trace-source">{sourceLabel(step.source)}</p>
      {version ? <p className="trace-version">{version}</p> : null}
      <p className="trace-facts">
        <span>status: {stepStatus(step)}</span> <span>decision: {step.decision ?? '—'}</span> <span>confidence: {confidenceText(step.confidence)}</span>
        {step.status === 'failed' ? <span className="badge step-failed-badge">Step failed</span> : null}
      </p>
      {step.tool_calls.map((call) => (
        <ToolCallCard key={call.id} call={call} />
      ))}
      {run.run.compacted_at ? (
        <p className="payload-compacted">
          Payload compacted on <time dateTime={run.run.compacted_at}>{formatTraceTime(run.run.compacted_at)}</time>
        </p>
      ) : (
        <PayloadDisclosure
          label="View run payload"
          describedBy={titleId}
          parts={[
            { title: 'Input snapshot', value: step.input_snapshot ?? '(none)' },
            { title: 'Output payload', value: step.output },
          ]}
        />
      )}
    </article>
  );
}
