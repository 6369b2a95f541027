// Workflows are graphs: named nodes and edges, some conditional. A node returns an outcome value;
// suspension is a value too (`interrupt`), never an exception.
import type { Clock } from '../domain/clock.ts';
import type { Layer, StepPayload } from '../domain/step.ts';
import type { Priority, TicketStatus } from '../domain/ticket.ts';
import type { HumanTaskType, ProposedToolCall } from '../domain/human-task.ts';
import type { ResumeValue } from '../domain/run.ts';
import type { ApprovalDecision, ApprovalStep } from '../policy/approval-policy.ts';

export const END = '__end__';
/** Where every run enters its workflow's start node; drawn, never executed. */
export const START = '__start__';

/** A run's state. By convention `state.session` holds the session variables policies and triggers read. */
export type WorkflowState = Record<string, unknown>;

export interface ConversationMessage {
  role: string;
  body: string;
  createdAt: string;
}

export interface NodeContext<S extends WorkflowState> {
  readonly runId: string;
  readonly ticketId: string;
  readonly projectId: string;
  readonly state: Readonly<S>;
  readonly clock: Clock;
  /** Runs a tool through the effect journal; gated tools need a recorded approval for these arguments. */
  callTool(name: string, args: Record<string, unknown>): Promise<unknown>;
  /**
   * Whether the engine's policy gates this call, and why (never the model's call to make). Validates
   * the arguments and returns them as the tool will receive them (unknown fields dropped).
   */
  approvalFor(name: string, args: Record<string, unknown>): Promise<ApprovalDecision & { args: Record<string, unknown> }>;
  /** Whether a tool of this name is registered. */
  hasTool(name: string): boolean;
  conversation(): Promise<ConversationMessage[]>;
}

/** What the step's trace shows: seed 000's layer, source, decision and confidence, plus the payload. */
export interface StepRecord {
  layer: Layer;
  source: string;
  decision: string;
  confidence?: number | null;
  payload?: StepPayload;
  tokensIn?: number;
  tokensOut?: number;
  costUsd?: number;
}

export interface TicketUpdate {
  status?: TicketStatus;
  category?: string | null;
  priority?: Priority;
  customerEmail?: string | null;
}

export interface ApprovalRequest {
  title: string;
  reason: string;
  priority: Priority;
  /** The call the decision is about; absent when a person approves a step that is not a tool call. */
  toolCall?: ProposedToolCall;
  context?: Record<string, unknown>;
  /** Set by the engine from the tool's policy: the approvers in order (empty: any one reviewer). */
  chain?: readonly ApprovalStep[];
}

/** A person must look at the conversation before the run goes on (an escalation trigger fired). */
export interface EscalationRequest {
  title: string;
  reason: string;
  priority: Priority;
  context: Record<string, unknown>;
}

/** Questions a client may answer with a control instead of typed text. */
export type CustomerQuestion = 'handoff_offer';

export type WaitRequest =
  | { kind: 'approval'; task: ApprovalRequest }
  | { kind: 'escalation'; task: EscalationRequest }
  /** `topic` says what the customer is asked, for callers that answer on their behalf (a button). */
  | { kind: 'customer'; topic?: CustomerQuestion }
  | { kind: 'timer'; afterMs: number };

/** A task for a person that the run does not wait for (a handoff, an escalation); created with the step. */
export interface TaskRequest {
  type: Exclude<HumanTaskType, 'approval'>;
  title: string;
  reason: string;
  priority: Priority;
  context?: Record<string, unknown>;
  /** The person who takes it, when known (an available live agent). */
  assignedTo?: string;
}

/** A mail to send once the step commits (through the outbox, so it goes exactly once). */
export interface EmailRequest {
  to: string;
  subject: string;
  text: string;
}

interface OutcomeBase<S extends WorkflowState> {
  record: StepRecord;
  task?: TaskRequest;
  email?: EmailRequest;
  update?: Partial<S>;
  /** A message to the customer, stored with the step. */
  reply?: string;
  ticket?: TicketUpdate;
}

export type NodeOutcome<S extends WorkflowState> =
  /** `goto` picks one of the node's declared targets instead of its route; the graph stays the truth. */
  | (OutcomeBase<S> & { kind: 'next'; goto?: string })
  | (OutcomeBase<S> & { kind: 'interrupt'; wait: WaitRequest });

export interface WorkflowNode<S extends WorkflowState> {
  run(ctx: NodeContext<S>): Promise<NodeOutcome<S>>;
  /** The continuation after an interrupt: receives the answer; `run` is not called again. */
  resume?(ctx: NodeContext<S>, answer: ResumeValue): Promise<NodeOutcome<S>>;
}

export type Edge<S extends WorkflowState> =
  | { kind: 'direct'; to: string }
  | { kind: 'conditional'; route: (state: Readonly<S>) => string; targets: Readonly<Record<string, string>> };

export interface StartInput {
  message: string;
  ticketId: string;
  ticketNumber: string;
  customerEmail: string | null;
}

/** What a node is for the people reading the graph (the dashboard draws it); nothing here changes how it runs. */
export const nodeKinds = ['trigger', 'triage', 'branch', 'llm', 'tool', 'gate', 'human', 'reply', 'step'] as const;
export type NodeKind = (typeof nodeKinds)[number];

export interface NodeInfo {
  label: string;
  kind: NodeKind;
  /** The trace layer its steps usually record. */
  layer?: Layer;
}

export interface Workflow<S extends WorkflowState = WorkflowState> {
  readonly name: string;
  readonly start: string;
  readonly nodes: Readonly<Record<string, WorkflowNode<S>>>;
  /** Every way out of a node; a node without an entry ends the run. `goto` may only pick one of these. */
  readonly edges: Readonly<Record<string, Edge<S>>>;
  /** Labels and kinds by node name; a node without one is drawn as a plain step. */
  readonly info?: Readonly<Record<string, NodeInfo>>;
  initialState(input: StartInput): S;
}

/** The nodes a node may hand over to: its edge's targets, or END when it has no edge. */
export function targetsOf<S extends WorkflowState>(workflow: Pick<Workflow<S>, 'edges'>, node: string): string[] {
  const edge = workflow.edges[node];
  if (!edge) return [END];
  return edge.kind === 'direct' ? [edge.to] : [...new Set(Object.values(edge.targets))];
}

/** Session variables live under `state.session` by convention; policies and triggers read them there. */
export function sessionOf(state: WorkflowState): Readonly<Record<string, unknown>> {
  const session = state['session'];
  return session !== null && typeof session === 'object' && !Array.isArray(session) ? (session as Record<string, unknown>) : {};
}
