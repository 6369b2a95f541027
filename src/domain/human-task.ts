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

/** The gated action a reviewer is asked to allow. */
export interface ProposedToolCall {
  tool: string;
  args: Record<string, unknown>;
}
