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

/** The server's permission names (src/domain/roles.ts); test/browser/support/api-contract.ts keeps them in step. */
export type Permission =
  | 'tickets.read'
  | 'tasks.read'
  | 'tasks.create'
  | 'tasks.claim'
  | 'tasks.resolve'
  | 'tasks.decide'
  | 'tasks.assign'
  | 'tasks.cancel'
  | 'tickets.reply'
  | 'tickets.assign'
  | 'users.manage'
  | 'apikeys.manage'
  | 'audit.read'
  | 'webhooks.manage'
  | 'outbox.manage'
  | 'replay.run';

export interface Me {
  kind: 'user' | 'api_key';
  name: string;
  roles: Record<string, Role>;
  /** Per project, the permissions the role there grants (the server's table, src/domain/roles.ts). */
  permissions: Record<string, Permission[]>;
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
  /** When retention dropped the run's payloads; null while they are kept. */
  compacted_at: string | null;
  /** The version of the workflow, tools and policies the run started on; null for runs from before versions. */
  definition_version: string | null;
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
  | { type: 'task'; taskId: string; projectId: string; status: string }
  | { type: 'ticket'; ticketId: string; projectId: string };

/** An approval that needs several people in turn (a manager, then a VP): `task.context.approval_chain`. */
export interface ApprovalChain {
  title: string;
  steps: { name: string; assign_to?: string | undefined; assign_team?: string | undefined }[];
  index: number;
}

/** A secret-bearing setting: the names of the `${NAME}` variables that fill it, never its value. */
export interface SecretSetting {
  setting: string;
  env: string[];
}

export type RiskTier = 'read' | 'write' | 'money' | 'destructive';
export type TriageRoute = 'refund' | 'order_status' | 'download_link' | 'faq' | 'ticket' | 'offer_human_handoff' | 'specialist' | 'clarify';
export type HumanCompleteAction = { kind: 'complete' } | { kind: 'continue' } | { kind: 'handoff'; agent: string };

export interface SupportRule {
  id: number | string;
  name: string;
  enabled: boolean;
  keywords: string[];
  match: 'any' | 'all';
  pattern?: string | undefined;
  condition?: string | undefined;
  category: string;
  priority: Priority;
  route: TriageRoute;
  tags: string[];
  summary: string;
  confidence: number;
}

export interface EscalationTrigger {
  level: 'supervisor' | 'agent';
  when: string;
  reason: string;
  priority: Priority;
  tags: string[];
  context_for_human: string[];
  on_human_complete: { when: string | null; action: HumanCompleteAction }[];
}

export interface OnErrorRule {
  kind: 'tool_error' | 'routing_failure';
  respond: string | null;
  retry: number;
  then: 'escalate' | 'handoff';
  handoff_to: string | null;
}

export interface ToolView {
  name: string;
  description: string;
  source: 'built-in' | 'mcp' | 'http' | 'code';
  risk: RiskTier;
  /** `always`, `never`, a CEL condition, or `tool default (…)`. */
  approval: string;
  condition: string | null;
  approval_chains: { when: string; steps: ApprovalChain['steps'] }[];
}

export interface ChannelView {
  name: 'email' | 'slack' | 'telegram' | 'discord';
  configured: boolean;
  target: string | null;
  linked_users: number;
  secrets: SecretSetting[];
}

export interface InboxSettings {
  sla_minutes: Partial<Record<Priority, number>>;
  escalation_chain: { assign_to?: string | undefined; assign_team?: string | undefined; raise_priority: boolean; due_in_minutes: number }[];
  on_expiry: 'auto_deny' | 'keep_escalating' | 'none' | { auto_approve_below_cents: number };
}

/** `GET /api/projects/{projectId}/config`: the loaded configuration, read-only and without secrets. */
export interface ConfigView {
  project: { name: string; bot_name: string };
  default_workflow: string;
  support_rules: SupportRule[];
  intents: { name: string; category: string; priority: Priority; route: TriageRoute; answer: string | null }[];
  escalation: { triggers: EscalationTrigger[]; on_error: OnErrorRule[] };
  tools: ToolView[];
  approval_limits: { role: Role; max_cents: number | null }[];
  inbox: InboxSettings;
  notifications: {
    channels: ChannelView[];
    mail: { from: string; transport: 'smtp' | 'log'; smtp: { host: string; port: number; secure: boolean } | null; secrets: SecretSetting[] };
    link_ttl_minutes: number;
  };
  webhooks: { name: string; url: string; events: string[]; enabled: boolean; disabled_at: string | null }[];
  flows: { name: string; source: string }[];
  mcp_servers: { name: string; transport: 'stdio' | 'http'; tools: string[]; secrets: SecretSetting[] }[];
  llm: { online: boolean; model: string | null; triage_below: number; max_turns: number };
  limits: {
    requests_per_minute_per_key: number;
    requests_per_minute_per_ip: number;
    logins_per_minute_per_ip: number;
    max_steps_per_run: number;
    tokens_per_ticket: number;
    request_timeout_ms: number;
    trust_proxy: boolean;
  };
}

/** One threshold on the classifier's coverage / precision curve, measured out of fold (shares 0 to 1). */
export interface OperatingPoint {
  threshold: number;
  coverage: number;
  precision: number;
}

/** `GET /api/projects/{projectId}/classifier/calibration`: the curve the classifier was trained with and the threshold in force. */
export interface ClassifierCalibration {
  threshold: number;
  thresholdSource: 'cross_validation' | 'configuration';
  targetPrecision: number;
  coverage: number | null;
  precision: number | null;
  examples: number;
  folds: number;
  /** Highest threshold first. */
  points: OperatingPoint[];
}

/** The numbers of one slice of `GET /api/projects/{projectId}/stats` (a day, a category, the range). */
export interface StatsFigures {
  tickets: number;
  auto_resolved: number;
  /** 0 to 1; null when there is nothing to divide by. */
  auto_resolution_rate: number | null;
  approvals_requested: number;
  approved: number;
  rejected: number;
  approval_rate: number | null;
  rejection_rate: number | null;
  time_to_decision_seconds: { median: number | null; p90: number | null; decisions: number };
  sla_breaches: number;
  handoffs: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
}

export interface ProjectStats {
  from: string;
  to: string;
  totals: StatsFigures;
  days: (StatsFigures & { date: string })[];
  categories: (StatsFigures & { category: string | null })[];
  by_day_and_category: (StatsFigures & { date: string; category: string | null })[];
}

/** The figures of one tool, one risk tier or the range in `GET …/approval-analytics`. */
export interface ApprovalFigures {
  requested: number;
  open: number;
  /** Decided by a person: approved + rejected. */
  decided: number;
  approved: number;
  approved_with_edits: number;
  rejected: number;
  decided_by_deadline: { approved: number; rejected: number };
  cancelled: number;
  /** 0 to 1; null when there is nothing to divide by. */
  approval_rate: number | null;
  override_rate: number | null;
  time_to_decision_seconds: { p50: number | null; p90: number | null; decisions: number };
  /** null: no reason given. */
  rejection_reasons: { reason: string | null; count: number }[];
}

/** A money tool's auto-approve threshold, or why there is none. */
export interface ThresholdSuggestion {
  tool: string;
  currency: string;
  status: 'suggested' | 'not_enough_data' | 'below_target';
  max_amount_cents: number | null;
  decided: number;
  approved: number;
  share: number | null;
  sentence: string;
  policy_yaml: string | null;
}

export interface ApprovalAnalytics {
  from: string;
  to: string;
  days: number;
  target: number;
  minimum_decisions: number;
  totals: ApprovalFigures;
  tools: (ApprovalFigures & { tool: string; tier: RiskTier | null; rule: string | null })[];
  tiers: (ApprovalFigures & { tier: RiskTier | null })[];
  thresholds: ThresholdSuggestion[];
}

/** `GET …/workflows`: one workflow this server runs (src/app/workflow-graphs.ts). */
export interface WorkflowSummary {
  name: string;
  kind: 'built-in' | 'flow' | 'code';
  default: boolean;
  source: string | null;
}

export type GraphNodeKind = 'trigger' | 'triage' | 'branch' | 'llm' | 'tool' | 'gate' | 'human' | 'reply' | 'step' | 'start' | 'end';

export interface GraphNode {
  id: string;
  label: string;
  kind: GraphNodeKind;
  layer: 'triage' | 'specialist' | 'human' | 'system' | null;
  /** Fewest edges from `__start__`; null for a node no edge reaches (`__escalation__`). */
  rank: number | null;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string | null;
}

/** `GET …/workflows/{name}/graph`. */
export interface WorkflowGraph {
  workflow: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type WaitKind = 'approval' | 'escalation' | 'customer' | 'timer';

export interface PathVisit {
  node: string;
  status: 'passed' | 'waiting' | 'running' | 'failed';
  seqs: number[];
  waits: WaitKind[];
  decision: string | null;
}

/** `GET …/runs/{runId}/path`. */
export interface RunPath {
  run_id: string;
  ticket_id: string;
  workflow: string;
  status: 'queued' | 'running' | 'waiting' | 'completed' | 'failed' | 'cancelled';
  waiting_for: { kind: WaitKind; task_id: string | null } | null;
  path: PathVisit[];
}

/** `GET /chat/{threadId}`: the thread's state and messages. */
export interface Thread extends ChatResult {
  messages: Message[];
}

/** The decisions `POST /api/projects/{projectId}/replay` compares per ticket. */
export type ReplayDimension = 'route' | 'category' | 'gate' | 'auto_resolution' | 'escalation';

/** The answer of `POST /api/projects/{projectId}/replay`: what a changed configuration would have done differently. */
export interface ReplayReport {
  project: string;
  from: string;
  to: string;
  tickets: number;
  replayed: number;
  differing: number;
  totals: Record<ReplayDimension | 'model_needed', number>;
  rows: { ticket_id: string; number: string; created_at: string; model_needed: boolean; differences: { dimension: ReplayDimension; recorded: string; replayed: string }[] }[];
  skipped: { ticket_id: string; number: string; reason: string }[];
}
