// The top of a task page: what it is, how urgent, whose it is, and Claim.
import type { HumanTask } from '../api/types.ts';
import { formatTime, taskStatusLabel, taskTypeLabel } from '../ui/labels.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { SlaCountdown } from './sla-countdown.tsx';
import { isOpen } from './task-state.ts';

export function TaskHeader({ task, onClaim }: { task: HumanTask; onClaim: () => void }) {
  return (
    <header className="page-header task-header">
      <h1 id="task-title">{task.title}</h1>
      <div className="task-facts">
        <PriorityBadge priority={task.priority} />
        <span className="badge">{taskTypeLabel[task.type]}</span>
        <span className={`badge status-${task.status}`}>{taskStatusLabel[task.status]}</span>
        <SlaCountdown task={task} />
        <span className="muted">
          Created {formatTime(task.created_at)}
          {task.claimed_by ? ` · claimed by ${task.claimed_by}` : task.assigned_to ? ` · assigned to ${task.assigned_to}` : task.assigned_team ? ` · team ${task.assigned_team}` : ''}
        </span>
        {isOpen(task) && task.claimed_by === null ? (
          <button type="button" className="button small" onClick={onClaim}>
            Claim
          </button>
        ) : null}
      </div>
    </header>
  );
}
