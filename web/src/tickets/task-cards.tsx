// People on the timeline: a human task created (what for, whose), how it ended (decided by whom,
// when, why), and its due time when it matters (still ahead, or missed and escalated).
import type { HumanTask } from '../api/types.ts';
import { SlaCountdown } from '../inbox/sla-countdown.tsx';
import { isOpen } from '../inbox/task-state.ts';
import { Link } from '../router/link.tsx';
import { formatTime, taskStatusLabel, taskTypeLabel } from '../ui/labels.ts';
import { formatTraceTime } from './ticket-labels.ts';

export function TaskCreatedCard({ task }: { task: HumanTask }) {
  return (
    <article className="trace-card task-card" aria-label={`${taskTypeLabel[task.type]} task created`}>
      <header className="trace-card-head">
        <h3>{taskTypeLabel[task.type]} task created</h3>
        <time className="muted" dateTime={task.created_at}>
          {formatTraceTime(task.created_at)}
        </time>
      </header>
      <p className="trace-text">
        <Link to={`/tasks/${encodeURIComponent(task.id)}`}>{task.title}</Link> · {taskStatusLabel[task.status]}
      </p>
      <p className="trace-text">{task.reason}</p>
      <p className="muted">{ownerText(task)}</p>
    </article>
  );
}

export function TaskClosedCard({ task }: { task: HumanTask }) {
  const at = task.resolved_at ?? task.updated_at;
  return (
    <article className="trace-card task-card decision-card" aria-label="Human decision">
      <header className="trace-card-head">
        <h3>Human decision</h3>
        <time className="muted" dateTime={at}>
          {formatTraceTime(at)}
        </time>
      </header>
      <p className="trace-text">
        <strong>{task.decision ?? taskStatusLabel[task.status]}</strong> by {task.responded_by ?? 'nobody recorded'} · {task.title}
      </p>
      {task.notes ? <p className="trace-text">Reason: {task.notes}</p> : null}
    </article>
  );
}

export function SlaCard({ task, breached }: { task: HumanTask; breached: boolean }) {
  const due = task.due_at ?? '';
  return (
    <article className={`trace-card sla-card${breached ? ' sla-breached' : ''}`} aria-label={breached ? 'SLA breached' : 'SLA due'}>
      <header className="trace-card-head">
        <h3>{breached ? 'SLA breached' : 'SLA due'}</h3>
        <time className="muted" dateTime={due}>
          {formatTraceTime(due)}
        </time>
      </header>
      <p className="trace-text">
        {task.title}: {slaText(task)}
        {isOpen(task) ? (
          <>
            {' '}
            · <SlaCountdown task={task} />
          </>
        ) : null}
      </p>
    </article>
  );
}

function slaText(task: HumanTask): string {
  const escalated = task.escalation_level > 0 ? `missed its due time and was escalated ${task.escalation_level}× (priority now ${task.priority}); ` : '';
  if (isOpen(task)) return `${escalated}due ${formatTime(task.due_at)}`;
  return `${escalated}due ${formatTime(task.due_at)}, closed ${formatTime(task.resolved_at ?? task.updated_at)}`;
}

function ownerText(task: HumanTask): string {
  const owner = task.assigned_to ? `Assigned to ${task.assigned_to}` : task.assigned_team ? `Assigned to team ${task.assigned_team}` : 'Unassigned';
  const claimed = task.claimed_by ? ` · claimed by ${task.claimed_by}` : '';
  const due = task.due_at ? ` · due ${formatTime(task.due_at)}` : ' · no due time';
  return `${owner}${claimed}${due}`;
}
