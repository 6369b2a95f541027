// Every change to a human task leaves an audit entry saying who did what, with the task before and after.
import type { Kysely, Transaction } from 'kysely';
import type { IdGenerator } from '../domain/ids.ts';
import type { StoreDialect } from '../store/store-dialect.ts';
import type { Database } from '../store/schema.ts';
import { auditInserts } from '../store/audit-chain.ts';
import { writeTogether, type Write } from '../store/write-batch.ts';
import type { HumanTaskView } from './views.ts';

export const taskActions = ['created', 'claimed', 'assigned', 'cancelled', 'resolved', 'escalated', 'expired'] as const;
export type TaskAction = (typeof taskActions)[number];

/** The part of a task a change can touch; the rest (title, context, …) never changes after creation. */
export type TaskSnapshot = Pick<HumanTaskView, 'status' | 'priority' | 'due_at' | 'assigned_to' | 'assigned_team' | 'claimed_by' | 'decision' | 'responded_by'>;

export interface TaskAuditEntry {
  projectId: string;
  taskId: string;
  actor: string;
  action: TaskAction;
  before: HumanTaskView | null;
  after: HumanTaskView;
  /** What the actor said beyond the change itself (a decision's notes, a cancellation's reason). */
  data?: Record<string, unknown>;
  at: string;
}

export function taskSnapshot(task: HumanTaskView): TaskSnapshot {
  const { status, priority, due_at, assigned_to, assigned_team, claimed_by, decision, responded_by } = task;
  return { status, priority, due_at, assigned_to, assigned_team, claimed_by, decision, responded_by };
}

export async function auditTaskChange(trx: Transaction<Database>, dialect: StoreDialect, ids: IdGenerator, entry: TaskAuditEntry): Promise<void> {
  await writeTogether(trx, dialect, await taskAuditInserts(trx, dialect, ids, entry));
}

/** The entry's writes, to send with other writes (`writeTogether`; see auditInserts). */
export function taskAuditInserts(trx: Kysely<Database>, dialect: StoreDialect, ids: IdGenerator, entry: TaskAuditEntry): Promise<Write[]> {
  return auditInserts(trx, dialect, ids, [
    {
      projectId: entry.projectId,
      actor: entry.actor,
      action: `human_task.${entry.action}`,
      subjectType: 'human_task',
      subjectId: entry.taskId,
      data: { ...entry.data, before: entry.before ? taskSnapshot(entry.before) : null, after: taskSnapshot(entry.after) },
      at: entry.at,
    },
  ]);
}
