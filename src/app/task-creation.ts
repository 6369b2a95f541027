// Turns an inbox request for a new task (one no workflow asked for) into its row.
import type { Insertable } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { initialTaskStatus, type HumanTaskType, type TaskField } from '../domain/human-task.ts';
import { priorityRank, type Priority } from '../domain/ticket.ts';
import { toJson } from '../store/json.ts';
import { newHumanTaskRow } from '../store/human-task-row.ts';
import type { HumanTaskTable } from '../store/schema.ts';
import { interpolate, type TemplateValue } from './task-templates.ts';

export interface NewTask {
  type: HumanTaskType;
  title: string;
  /** May hold `{{name}}` and `${{name}}` placeholders filled from `variables`. */
  reason: string;
  variables?: Record<string, TemplateValue>;
  context?: Record<string, unknown>;
  fields?: TaskField[];
  priority?: Priority;
  /** An ISO instant; or `dueInMinutes` from now. */
  dueAt?: string;
  dueInMinutes?: number;
  assignedTo?: string;
  assignedToTeam?: string;
  ticketId?: string;
  createdBy: string;
}

/** `slaMinutes`: the due time for a task created without one (the inbox SLA for its priority). */
export function newTaskRow(id: string, projectId: string, task: NewTask, clock: Clock, slaMinutes?: number): Insertable<HumanTaskTable> {
  const now = isoAt(clock);
  const priority = task.priority ?? 'medium';
  return newHumanTaskRow({
    id,
    project_id: projectId,
    ticket_id: task.ticketId ?? null,
    run_id: null,
    requested_by: task.createdBy,
    type: task.type,
    status: initialTaskStatus(task.assignedTo !== undefined || task.assignedToTeam !== undefined),
    priority,
    priority_rank: priorityRank(priority),
    title: task.title,
    reason: interpolate(task.reason, task.variables ?? {}),
    context: toJson(task.context ?? {}),
    fields: toJson(task.fields ?? []),
    due_at: dueAt(task, clock) ?? (slaMinutes === undefined ? null : isoAt(clock, slaMinutes * 60_000)),
    assigned_to: task.assignedTo ?? null,
    assigned_team: task.assignedToTeam ?? null,
    created_at: now,
  });
}

/** Stored in the fixed-width UTC form so that comparing text compares instants on both dialects. */
function dueAt(task: NewTask, clock: Clock): string | null {
  if (task.dueAt !== undefined) return new Date(task.dueAt).toISOString();
  if (task.dueInMinutes !== undefined) return isoAt(clock, task.dueInMinutes * 60_000);
  return null;
}
