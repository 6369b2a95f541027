// The JSON the dashboard reads, as src/api/schemas.ts defines it (test/browser/support/api-contract.ts
// fails the type check when the two drift apart). Types only: nothing here runs.

export type Priority = 'low' | 'medium' | 'high' | 'critical';
export type Role = 'viewer' | 'agent' | 'reviewer' | 'admin';
export type TaskType = 'approval' | 'data_entry' | 'review' | 'decision' | 'escalation' | 'handoff';
export type TaskStatus = 'pending' | 'assigned' | 'in_progress' | 'completed' | 'expired' | 'cancelled';
export type TicketStatus = 'new' | 'in_progress' | 'awaiting_customer' | 'awaiting_approval' | 'with_human' | 'resolved' | 'closed';
export type ChatStatus = 'PAUSED_FOR_APPROVAL' | 'AWAITING_CUSTOMER' | 'DONE' | 'PROCESSING' | 'FAILED' | 'WITH_HUMAN';
export type JsonObject = Record<string, unknown>;

export interface ErrorBody {
  error: { code: string; message: string; details?: JsonObject | undefined };
}

export interface Me {
  kind: 'user' | 'api_key';
  name: string;
  roles: Record<string, Role>;
  csrf_token: string | null;
}

export interface TaskField {
  name: string;
  type: 'text' | 'number' | 'boolean' | 'select' | 'textarea' | 'date';
  label?: string | undefined;
  required?: boolean | undefined;
  options?: string[] | undefined;
}

export interface ProposedToolCall {
  tool: string;
  args: JsonObject;
  approvedArgs?: JsonObject | undefined;
}

export interface HumanTask {
  id: string;
  type: TaskType;
  status: TaskStatus;
  priority: Priority;
  title: string;
  reason: string;
  context: JsonObject;
  fields: TaskField[];
  tool_call: ProposedToolCall | null;
  ticket_id: string | null;
  run_id: string | null;
  due_at: string | null;
  overdue: boolean;
  assigned_to: string | null;
  assigned_team: string | null;
  claimed_by: string | null;
  escalation_level: number;
  decision: string | null;
  response_fields: JsonObject | null;
  notes: string | null;
  responded_by: string | null;
  requested_by: string | null;
  resolved_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ChatResult {
  thread_id: string;
  ticket: string;
  run_id: string;
  status: ChatStatus;
  reply: string | null;
  task_id?: string | undefined;
  action_result?: string | undefined;
}

export interface ResolveResult {
  task: HumanTask;
  run: ChatResult | null;
}

export interface Message {
  id: string;
  role: string;
  body: string;
  author: string | null;
  run_id: string | null;
  created_at: string;
}

export interface Ticket {
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

export interface ToolCall {
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

export interface Step {
  id: string;
  seq: number;
  node: string;
  layer: string;
  source: string;
  status: string;
  decision: string | null;
  confidence: number | null;
  input_snapshot: string | null;
  output: JsonObject;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  tool_calls: ToolCall[];
}

export interface Run {
  id: string;
  workflow: string;
  status: string;
  current_node: string | null;
  waiting_for: unknown;
  error: string | null;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  steps: Step[];
}

export interface TicketDetail extends Ticket {
  messages: Message[];
  runs: Run[];
  human_tasks: HumanTask[];
}

/** One event of `GET /api/projects/{projectId}/events` (src/engine/events.ts). */
export type LiveEvent =
  | { type: 'step'; runId: string; ticketId: string; projectId: string; seq: number; node: string; status: string }
  | { type: 'run'; runId: string; ticketId: string; projectId: string; status: string }
  | { type: 'message'; ticketId: string; projectId: string; messageId: string; role: string }
  | { type: 'task'; taskId: string; projectId: string; status: string };

/** An approval that needs several people in turn (a manager, then a VP): `task.context.approval_chain`. */
export interface ApprovalChain {
  title: string;
  steps: { name: string; assign_to?: string | undefined; assign_team?: string | undefined }[];
  index: number;
}
