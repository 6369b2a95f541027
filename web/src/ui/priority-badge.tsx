// A task's priority as a coloured word (the word carries the meaning; the colour only helps).
import type { Priority } from '../api/types.ts';
import { priorityLabel } from './labels.ts';

export function PriorityBadge({ priority }: { priority: Priority }) {
  return <span className={`badge priority-${priority}`}>{priorityLabel[priority]}</span>;
}
