// Human tasks (seed 001): the inbox items a reviewer claims and resolves.
import { canTransition } from './transitions.ts';

export const humanTaskTypes = ['approval', 'data_entry', 'review', 'decision', 'escalation', 'handoff'] as const;
export type HumanTaskType = (typeof humanTaskTypes)[number];

export const humanTaskStatuses = ['pending', 'assigned', 'in_progress', 'completed', 'expired', 'cancelled'] as const;
export type HumanTaskStatus = (typeof humanTaskStatuses)[number];

const taskTransitions: Record<HumanTaskStatus, readonly HumanTaskStatus[]> = {
  pending: ['assigned', 'in_progress', 'completed', 'expired', 'cancelled'],
  assigned: ['assigned', 'in_progress', 'completed', 'expired', 'cancelled'],
  in_progress: ['assigned', 'completed', 'expired', 'cancelled'],
  completed: [],
  expired: [],
  cancelled: [],
};

export function canMoveTask(from: HumanTaskStatus, to: HumanTaskStatus): boolean {
  return canTransition(taskTransitions, from, to);
}

export const openTaskStatuses: readonly HumanTaskStatus[] = ['pending', 'assigned', 'in_progress'];

export function isOpenTask(status: HumanTaskStatus): boolean {
  return openTaskStatuses.includes(status);
}

/** A task made in the inbox starts `assigned` when it names an owner, as if assigned right after creation. */
export function initialTaskStatus(hasOwner: boolean): HumanTaskStatus {
  return hasOwner && canMoveTask('pending', 'assigned') ? 'assigned' : 'pending';
}

/** Overdue means someone still owes an answer: a closed task is never overdue. */
export function isTaskOverdue(status: HumanTaskStatus, dueAt: string | null, now: Date): boolean {
  return dueAt !== null && isOpenTask(status) && Date.parse(dueAt) < now.getTime();
}

export const taskFieldTypes = ['text', 'number', 'boolean', 'select', 'textarea', 'date'] as const;
export type TaskFieldType = (typeof taskFieldTypes)[number];

/** One input of a task's form (seed 001); a `select` offers `options`. */
export interface TaskField {
  name: string;
  type: TaskFieldType;
  label?: string;
  required?: boolean;
  options?: string[];
}

/** The gated action a reviewer is asked to allow. */
export interface ProposedToolCall {
  tool: string;
  args: Record<string, unknown>;
}
