// Words and times as people read them.
import type { Priority, TaskStatus, TaskType } from '../api/types.ts';

export const priorityLabel: Record<Priority, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export const taskStatusLabel: Record<TaskStatus, string> = {
  pending: 'Pending',
  assigned: 'Assigned',
  in_progress: 'In progress',
  completed: 'Completed',
  expired: 'Expired',
  cancelled: 'Cancelled',
};

export const taskTypeLabel: Record<TaskType, string> = {
  approval: 'Approval',
  data_entry: 'Data entry',
  review: 'Review',
  decision: 'Decision',
  escalation: 'Escalation',
  handoff: 'Handoff',
};

export function formatTime(iso: string | null): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

export function roleLabel(role: string): string {
  return role === 'customer' ? 'Customer' : role === 'assistant' ? 'Switchboard' : role.charAt(0).toUpperCase() + role.slice(1);
}
