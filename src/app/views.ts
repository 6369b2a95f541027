// What the app hands to its interfaces (HTTP, CLI, TypeScript API): plain, typed, JSON-ready views.
import type { Selectable } from 'kysely';
import type { HumanTaskTable, MessageTable, RunTable, StepTable, TicketTable, ToolCallTable } from '../store/schema.ts';
import { fromJson } from '../store/json.ts';
import { formatTicketNumber } from '../domain/ids.ts';
import type { Clock } from '../domain/clock.ts';
import { isTaskOverdue, type HumanTaskStatus, type HumanTaskType, type ProposedToolCall, type TaskField } from '../domain/human-task.ts';
import type { Priority, TicketStatus } from '../domain/ticket.ts';

export interface TicketView {
  id: string;
  number: string;
  thread_id: string;
  status: TicketStatus;
  category: string | null;
  priority: Priority;
  subject: string;
  customer_email: string | null;
  assignee: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessageView {
  id: string;
  role: string;
  body: string;
  author: string | null;
  run_id: string | null;
  created_at: string;
}

export interface ToolCallView {
  id: string;
  tool: string;
  risk: string;
  idempotency_key: string;
  status: string;
  input: unknown;
  output: unknown;
  error: string | null;
  attempts: number;
  created_at: string;
  finished_at: string | null;
}

export interface StepView {
  id: string;
  seq: number;
  node: string;
  layer: string;
  source: string;
  status: string;
  decision: string | null;
  confidence: number | null;
  input_snapshot: string | null;
  output: Record<string, unknown>;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  tool_calls: ToolCallView[];
}

export interface RunView {
  id: string;
  workflow: string;
  status: string;
  current_node: string | null;
  waiting_for: unknown;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** When retention dropped the run's payloads: its steps keep their facts, not their inputs and outputs. */
  compacted_at: string | null;
  /** The version of the workflow, tools and policies the run started on (null: from before versions). */
  definition_version: string | null;
  steps: StepView[];
}

export interface HumanTaskView {
  id: string;
  type: HumanTaskType;
  status: HumanTaskStatus;
  priority: Priority;
  title: string;
  reason: string;
  context: Record<string, unknown>;
  fields: TaskField[];
  tool_call: (ProposedToolCall & { approvedArgs?: Record<string, unknown> }) | null;
  ticket_id: string | null;
  run_id: string | null;
  due_at: string | null;
  /** Past `due_at` and still open, as of the clock that built the view. */
  overdue: boolean;
  assigned_to: string | null;
  assigned_team: string | null;
  claimed_by: string | null;
  escalation_level: number;
  decision: string | null;
  response_fields: Record<string, unknown> | null;
  notes: string | null;
  responded_by: string | null;
  /** Who asked for the decision; they may not approve it. */
  requested_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface TicketDetailView extends TicketView {
  messages: MessageView[];
  runs: RunView[];
  human_tasks: HumanTaskView[];
}

export function ticketView(row: Selectable<TicketTable>): TicketView {
  return {
    id: row.id,
    number: formatTicketNumber(row.number),
    thread_id: row.thread_id,
    status: row.status as TicketStatus,
    category: row.category,
    priority: row.priority as Priority,
    subject: row.subject,
    customer_email: row.customer_email,
    assignee: row.assignee,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export function messageView(row: Selectable<MessageTable>): MessageView {
  return { id: row.id, role: row.role, body: row.body, author: row.author, run_id: row.run_id, created_at: row.created_at };
}

export function toolCallView(row: Selectable<ToolCallTable>): ToolCallView {
  return {
    id: row.id,
    tool: row.tool,
    risk: row.risk,
    idempotency_key: row.idempotency_key,
    status: row.status,
    input: fromJson<unknown>(row.input, null),
    output: fromJson<unknown>(row.output, null),
    error: row.error,
    attempts: row.attempts,
    created_at: row.created_at,
    finished_at: row.finished_at,
  };
}

export function stepView(row: Selectable<StepTable>, toolCalls: ToolCallView[]): StepView {
  return {
    id: row.id,
    seq: row.seq,
    node: row.node,
    layer: row.layer,
    source: row.source,
    status: row.status,
    decision: row.decision,
    confidence: row.confidence === null ? null : Number(row.confidence),
    input_snapshot: row.input_snapshot,
    output: fromJson<Record<string, unknown>>(row.output, {}),
    started_at: row.started_at,
    finished_at: row.finished_at,
    duration_ms: Number(row.duration_ms),
    tokens_in: row.tokens_in,
    tokens_out: row.tokens_out,
    cost_usd: Number(row.cost_usd),
    tool_calls: toolCalls,
  };
}

export function runView(row: Selectable<RunTable>, steps: StepView[]): RunView {
  return {
    id: row.id,
    workflow: row.workflow,
    status: row.status,
    current_node: row.current_node,
    waiting_for: fromJson<unknown>(row.wait, null),
    error: row.error,
    created_at: row.created_at,
    updated_at: row.updated_at,
    finished_at: row.finished_at,
    compacted_at: row.compacted_at,
    definition_version: row.definition_version,
    steps,
  };
}

/** Task views as of `clock`: whether a task is overdue depends on when it is looked at. */
export function humanTaskViewAt(clock: Clock): (row: Selectable<HumanTaskTable>) => HumanTaskView {
  return (row) => humanTaskViewOf(row, clock.now());
}

function humanTaskViewOf(row: Selectable<HumanTaskTable>, now: Date): HumanTaskView {
  const status = row.status as HumanTaskStatus;
  return {
    id: row.id,
    type: row.type as HumanTaskType,
    status,
    priority: row.priority as Priority,
    title: row.title,
    reason: row.reason,
    context: fromJson<Record<string, unknown>>(row.context, {}),
    fields: fromJson<TaskField[]>(row.fields, []),
    tool_call: fromJson<HumanTaskView['tool_call']>(row.tool_call, null),
    ticket_id: row.ticket_id,
    run_id: row.run_id,
    due_at: row.due_at,
    overdue: isTaskOverdue(status, row.due_at, now),
    assigned_to: row.assigned_to,
    assigned_team: row.assigned_team,
    claimed_by: row.claimed_by,
    escalation_level: row.escalation_level,
    decision: row.decision,
    response_fields: fromJson<Record<string, unknown> | null>(row.response_fields, null),
    notes: row.notes,
    responded_by: row.responded_by,
    requested_by: row.requested_by,
    resolved_at: row.resolved_at,
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}
