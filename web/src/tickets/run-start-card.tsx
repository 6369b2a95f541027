// Where a run begins on the timeline: the customer message that started it (shown as text), or a
// plain marker for a run started another way. A later customer message in the same run looks alike.
import type { Message } from '../api/types.ts';
import { formatTraceTime } from './ticket-labels.ts';
import type { RunLabel } from './trace-entries.ts';

export function CustomerMessageCard({ message, run }: { message: Message; run: RunLabel | null }) {
  return (
    <article className="trace-card customer-card" aria-label={`Customer message${run ? `, run ${run.number}` : ''}`}>
      <header className="trace-card-head">
        <h3>Customer message</h3>
        <span className="muted">
          {run ? <RunFacts run={run} /> : null}
          <time dateTime={message.created_at}>{formatTraceTime(message.created_at)}</time>
        </span>
      </header>
      {message.author ? <p className="trace-author">{message.author}</p> : null}
      <p className="trace-text message-body">{message.body}</p>
    </article>
  );
}

export function RunStartCard({ run }: { run: RunLabel }) {
  return (
    <article className="trace-card run-card" aria-label={`Run ${run.number} started`}>
      <header className="trace-card-head">
        <h3>Run started</h3>
        <span className="muted">
          <RunFacts run={run} />
          <time dateTime={run.run.created_at}>{formatTraceTime(run.run.created_at)}</time>
        </span>
      </header>
      <p className="trace-text">
        Workflow <code>{run.run.workflow}</code>
      </p>
    </article>
  );
}

function RunFacts({ run }: { run: RunLabel }) {
  return (
    <>
      Run {run.number} of {run.of} · {run.run.status.replaceAll('_', ' ')}
      {run.run.error ? ` (${run.run.error})` : ''} ·{' '}
      {run.run.definition_version ? `version ${run.run.definition_version} · ` : ''}
    </>
  );
}
