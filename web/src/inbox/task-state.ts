// What a task allows, from its type and status.
import type { ApprovalChain, HumanTask } from '../api/types.ts';

const openStatuses = new Set(['pending', 'assigned', 'in_progress']);

export function isOpen(task: Pick<HumanTask, 'status'>): boolean {
  return openStatuses.has(task.status);
}

export function canDecide(task: HumanTask): boolean {
  return task.type === 'approval' && isOpen(task);
}

export function chainOf(task: HumanTask): ApprovalChain | null {
  const chain = task.context['approval_chain'] as ApprovalChain | undefined;
  return chain && Array.isArray(chain.steps) && typeof chain.index === 'number' ? chain : null;
}
