// A task's SLA, ticking each second.
import type { HumanTask } from '../api/types.ts';
import { formatTime } from '../ui/labels.ts';
import { useNow } from '../ui/use-now.ts';
import { isOpen } from './task-state.ts';
import { slaOf } from './sla.ts';

export function SlaCountdown({ task }: { task: Pick<HumanTask, 'due_at' | 'status'> }) {
  const now = useNow();
  const sla = slaOf(task.due_at, isOpen(task), now);
  const title = task.due_at ? `Due ${formatTime(task.due_at)}` : undefined;
  return (
    <span className={`sla sla-${sla.state}`} title={title}>
      {task.due_at ? <time dateTime={task.due_at}>{sla.text}</time> : sla.text}
    </span>
  );
}
