// Row types of the one schema shared by SQLite and PostgreSQL.
// Timestamps are ISO-8601 UTC text, JSON is text, money is integer cents, booleans are 0/1.

import type { Generated } from 'kysely';

export interface ProjectTable {
  id: string;
  name: string;
  ticket_counter: number;
  created_at: string;
  /** The seq and hash of the project's newest audit entry (0 and the genesis hash before the first). */
  audit_seq: Generated<number>;
  audit_head: Generated<string>;
  /** The head before the last append (its first entry's `prev_hash`); null until an append after migration 0011. */
  audit_prev: string | null;
}

export interface TicketTable {
  id: string;
  project_id: string;
  number: number;
  thread_id: string;
  status: string;
  category: string | null;
  priority: string;
  subject: string;
  customer_email: string | null;
  assignee: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  /** The signed-in person or key that opened the thread (someone trying the bot), else null: a customer. */
  requested_by: string | null;
}

export interface MessageTable {
  id: string;
  project_id: string;
  ticket_id: string;
  run_id: string | null;
  role: string;
  body: string;
  author: string | null;
  created_at: string;
}

export interface RunTable {
  id: string;
  project_id: string;
  ticket_id: string;
  workflow: string;
  status: string;
  current_node: string | null;
  state: string;
  wait: string | null;
  resume_value: string | null;
  step_count: number;
  attempts: number;
  lease_owner: string | null;
  lease_expires_at: string | null;
  available_at: string;
  error: string | null;
  version: number;
  created_at: string;
  updated_at: string;
  finished_at: string | null;
  /** The W3C ids of the run's last trace span (JSON), so the span of its resumption links to it; null without tracing. */
  trace_context: string | null;
  /** The version (content hash) of the workflow, tools and policies the run started on; null for runs from before versions. */
  definition_version: string | null;
  /** When retention dropped the run's payloads (state, step outputs, tool call details); null while they are kept. */
  compacted_at: string | null;
}

export interface StepTable {
  id: string;
  project_id: string;
  run_id: string;
  seq: number;
  node: string;
  layer: string;
  source: string;
  status: string;
  decision: string | null;
  confidence: number | null;
  input_snapshot: string | null;
  output: string;
  started_at: string;
  finished_at: string;
  duration_ms: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
  /** What the step paused the run for (approval, escalation, customer, timer); null when it did not. */
  wait: string | null;
}

export interface ToolCallTable {
  id: string;
  project_id: string;
  run_id: string;
  step_seq: number;
  call_index: number;
  tool: string;
  risk: string;
  idempotency_key: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  attempts: number;
  created_at: string;
  finished_at: string | null;
}

export interface HumanTaskTable {
  id: string;
  project_id: string;
  ticket_id: string | null;
  run_id: string | null;
  type: string;
  status: string;
  priority: string;
  priority_rank: number;
  title: string;
  reason: string;
  context: string;
  fields: string;
  tool_call: string | null;
  due_at: string | null;
  assigned_to: string | null;
  assigned_team: string | null;
  /** Who asked for the decision: they may not approve it themselves. */
  requested_by: string | null;
  claimed_by: string | null;
  escalation_chain: string;
  escalation_level: number;
  decision: string | null;
  response_fields: string | null;
  notes: string | null;
  responded_by: string | null;
  resolved_at: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface TimerTable {
  id: string;
  project_id: string;
  run_id: string | null;
  task_id: string | null;
  kind: string;
  due_at: string;
  status: string;
  payload: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  created_at: string;
  fired_at: string | null;
}

export interface OutboxTable {
  id: string;
  project_id: string;
  topic: string;
  dedupe_key: string;
  payload: string;
  status: string;
  attempts: number;
  available_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface OutboxDeliveryTable {
  id: string;
  outbox_id: string;
  project_id: string;
  destination: string;
  status: string;
  attempts: number;
  available_at: string;
  lease_owner: string | null;
  lease_expires_at: string | null;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

export interface ActionTokenTable {
  id: string;
  token_hash: string;
  project_id: string;
  task_id: string;
  user_id: string;
  task_version: number;
  action: string;
  expires_at: string;
  used_at: string | null;
  created_at: string;
}

export interface WebhookEndpointTable {
  name: string;
  disabled_at: string | null;
  disabled_reason: string | null;
  updated_at: string;
}

export interface AuditLogTable {
  id: string;
  project_id: string;
  seq: number;
  actor: string;
  action: string;
  subject_type: string;
  subject_id: string;
  data: string;
  prev_hash: string;
  hash: string;
  created_at: string;
}

/** One row per periodic job (retention): the worker that claims it by moving `last_run_at` runs it. */
export interface ScheduledJobTable {
  name: string;
  last_run_at: string;
  last_run_by: string | null;
}

/** What a version holds that can be rebuilt from data (a flow document, policies, tool tiers); keyed by its hash. */
export interface DefinitionVersionTable {
  hash: string;
  /** The project of the first run that used it. */
  project_id: string;
  workflow: string;
  created_at: string;
  /** Canonical JSON; its hash is `hash`. */
  definition: string;
}

export interface DemoCustomerTable {
  id: string;
  email: string;
  name: string;
}

export interface DemoOrderTable {
  id: string;
  customer_id: string;
  total_cents: number;
  currency: string;
  status: string;
  created_at: string;
}

export interface DemoRefundTable {
  id: string;
  idempotency_key: string;
  order_id: string | null;
  amount_cents: number;
  currency: string;
  reason: string;
  attempts: number;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  password_hash: string | null;
  created_at: string;
  disabled_at: string | null;
}

export interface MembershipTable {
  user_id: string;
  project_id: string;
  role: string;
  created_at: string;
}

export interface SessionTable {
  /** sha256 of the cookie's token: a stolen database holds no usable session. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
  revoked_at: string | null;
}

export interface ApiKeyTable {
  id: string;
  project_id: string;
  name: string;
  role: string;
  /** The key's first characters, to recognise it in a list; the key itself is shown once. */
  prefix: string;
  key_hash: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface Database {
  users: UserTable;
  memberships: MembershipTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  projects: ProjectTable;
  tickets: TicketTable;
  messages: MessageTable;
  runs: RunTable;
  definition_versions: DefinitionVersionTable;
  steps: StepTable;
  tool_calls: ToolCallTable;
  human_tasks: HumanTaskTable;
  timers: TimerTable;
  outbox: OutboxTable;
  outbox_deliveries: OutboxDeliveryTable;
  action_tokens: ActionTokenTable;
  webhook_endpoints: WebhookEndpointTable;
  audit_log: AuditLogTable;
  scheduled_jobs: ScheduledJobTable;
  demo_customers: DemoCustomerTable;
  demo_orders: DemoOrderTable;
  demo_refunds: DemoRefundTable;
}
