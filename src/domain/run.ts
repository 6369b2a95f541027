// A run is one pass of a workflow over a ticket, triggered by an inbound message.
import { SwitchboardError } from './errors.ts';
import { canTransition } from './transitions.ts';

export const runStatuses = ['queued', 'running', 'waiting', 'completed', 'failed', 'cancelled'] as const;
export type RunStatus = (typeof runStatuses)[number];

const runTransitions: Record<RunStatus, readonly RunStatus[]> = {
  queued: ['running', 'cancelled'],
  running: ['running', 'queued', 'waiting', 'completed', 'failed', 'cancelled'],
  waiting: ['queued', 'running', 'cancelled', 'failed'],
  completed: [],
  failed: [],
  cancelled: [],
};

export function canMoveRun(from: RunStatus, to: RunStatus): boolean {
  return canTransition(runTransitions, from, to);
}

/** Every status the engine writes passes here: an illegal move is a bug, never a silent overwrite. */
export function assertRunMove(runId: string, from: RunStatus, to: RunStatus): void {
  if (!canMoveRun(from, to)) throw new SwitchboardError('internal', `Run ${runId} cannot move from ${from} to ${to}.`);
}

export function isTerminalRun(status: RunStatus): boolean {
  return runTransitions[status].length === 0;
}

/** What a waiting run waits for; committed with the run so nothing stays in memory. */
export type RunWait =
  | { kind: 'approval'; taskId: string }
  | { kind: 'escalation'; taskId: string }
  | { kind: 'customer'; topic?: string }
  | { kind: 'timer'; timerId: string; dueAt: string };

/** The answer that resumes a waiting run, handed to the interrupted node's continuation. */
export type ResumeValue =
  | { kind: 'approval'; taskId: string; approved: boolean; reason: string | null; respondedBy: string; editedArgs: Record<string, unknown> | null }
  | { kind: 'escalation'; taskId: string; decision: string; fields: Record<string, unknown>; notes: string | null; respondedBy: string }
  | { kind: 'customer'; messageId: string; text: string }
  | { kind: 'timer'; timerId: string };
