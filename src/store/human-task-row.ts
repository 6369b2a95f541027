// A new human_tasks row: what the caller knows, plus the defaults every new task starts with.
import type { Insertable } from 'kysely';
import type { HumanTaskTable } from './schema.ts';

type Given = Pick<HumanTaskTable, 'id' | 'project_id' | 'ticket_id' | 'run_id' | 'type' | 'status' | 'priority' | 'priority_rank' | 'title' | 'reason' | 'context' | 'created_at'>;
type Optional = Partial<Pick<HumanTaskTable, 'fields' | 'tool_call' | 'due_at' | 'assigned_to' | 'assigned_team' | 'requested_by'>>;

export function newHumanTaskRow(task: Given & Optional): Insertable<HumanTaskTable> {
  return {
    fields: '[]',
    tool_call: null,
    due_at: null,
    assigned_to: null,
    assigned_team: null,
    claimed_by: null,
    escalation_chain: '[]',
    escalation_level: 0,
    decision: null,
    response_fields: null,
    notes: null,
    responded_by: null,
    resolved_at: null,
    requested_by: null,
    version: 0,
    updated_at: task.created_at,
    ...task,
  };
}
