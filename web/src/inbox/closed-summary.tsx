// How a closed task ended: the decision, who made it and when, and their notes.
import type { HumanTask } from '../api/types.ts';
import { formatTime, taskStatusLabel } from '../ui/labels.ts';

export function ClosedSummary({ task }: { task: HumanTask }) {
  return (
    <section className="panel closed-summary" aria-labelledby="closed-title">
      <h2 id="closed-title">{task.decision ? `Decided: ${task.decision}` : taskStatusLabel[task.status]}</h2>
      <dl className="pairs">
        <div className="pair">
          <dt>By</dt>
          <dd>{task.responded_by ?? '—'}</dd>
        </div>
        <div className="pair">
          <dt>At</dt>
          <dd>{formatTime(task.resolved_at ?? task.updated_at)}</dd>
        </div>
        {task.notes ? (
          <div className="pair">
            <dt>Reason</dt>
            <dd>{task.notes}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
