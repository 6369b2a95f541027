// The inbox's rows: priority, title (the link that opens the task), what kind of task and who has
// it, the SLA countdown, and Claim.
import type { HumanTask } from '../api/types.ts';
import { Link } from '../router/link.tsx';
import { taskStatusLabel, taskTypeLabel } from '../ui/labels.ts';
import { PriorityBadge } from '../ui/priority-badge.tsx';
import { SlaCountdown } from './sla-countdown.tsx';

export interface TaskListProps {
  tasks: readonly HumanTask[];
  selectedId: string | null;
  onSelect: (taskId: string) => void;
  onClaim: (task: HumanTask) => void;
}

export function TaskList({ tasks, selectedId, onSelect, onClaim }: TaskListProps) {
  return (
    <ol className="task-list" aria-label="Open tasks">
      {tasks.map((task) => (
        <TaskRow key={task.id} task={task} selected={task.id === selectedId} onSelect={onSelect} onClaim={onClaim} />
      ))}
    </ol>
  );
}

function TaskRow({ task, selected, onSelect, onClaim }: { task: HumanTask; selected: boolean } & Pick<TaskListProps, 'onSelect' | 'onClaim'>) {
  return (
    <li className={selected ? 'task-row selected' : 'task-row'} data-task-id={task.id} aria-current={selected ? 'true' : undefined} onClick={() => onSelect(task.id)}>
      <PriorityBadge priority={task.priority} />
      <div className="task-main">
        <Link to={`/tasks/${encodeURIComponent(task.id)}`} className="task-title" onFocus={() => onSelect(task.id)}>
          {task.title}
        </Link>
        <div className="task-meta">
          {taskTypeLabel[task.type]} · {taskStatusLabel[task.status]}
          {task.claimed_by ? ` · claimed by ${task.claimed_by}` : task.assigned_to ? ` · assigned to ${task.assigned_to}` : task.assigned_team ? ` · team ${task.assigned_team}` : ''}
          {task.escalation_level > 0 ? ` · escalated ×${task.escalation_level}` : ''}
        </div>
      </div>
      <SlaCountdown task={task} />
      <button type="button" className="button small" onClick={() => onClaim(task)} disabled={task.claimed_by !== null} aria-label={`Claim “${task.title}”`}>
        {task.claimed_by ? 'Claimed' : 'Claim'}
      </button>
    </li>
  );
}
