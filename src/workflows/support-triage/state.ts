// The default workflow's state: the session variables, triage's decision, the refund under review and
// the specialist agent's conversation with the model. All of it is JSON, committed with every step.
import type { Money } from '../../domain/money.ts';
import type { StartInput } from '../../engine/graph.ts';
import type { RefundArgs } from '../../demo/demo-store.ts';
import type { ChatMessage, ProposedCall } from '../../llm/model-client.ts';
import type { SessionVariables } from '../../triage/session-variables.ts';
import type { TriageDecision } from '../../triage/triage.ts';

export const supportWorkflowName = 'support-triage';

export interface AgentState {
  /** The conversation with the model so far (the customer's messages, its proposals, tool results). */
  messages: ChatMessage[];
  /** Calls the model proposed that are not executed yet; one engine step each. */
  pending: ProposedCall[];
  turns: number;
  /** The pending call a reviewer approved, with the arguments as approved (possibly edited). */
  approved: { callId: string; args: Record<string, unknown> } | null;
}

export type SupportState = {
  message: string;
  ticketNumber: string | null;
  session: SessionVariables | null;
  triage: TriageDecision | null;
  /** The branch taken after triage; `offline` nodes are chosen by the planner when no model is set. */
  route: string | null;
  amount: Money | null;
  orderId: string | null;
  email: string | null;
  decision: 'approve' | 'deny' | null;
  reviewer: string | null;
  denialReason: string | null;
  refundArgs: RefundArgs | null;
  agent: AgentState | null;
  /** Where the live-agent transfer stands (seed 001): a callback offered, or scheduled. */
  handoff?: 'callback_offered' | 'callback_scheduled' | null;
  callback?: { phone: string; at: string } | null;
  action_result: string | null;
};

export function initialSupportState(input: StartInput): SupportState {
  return {
    message: input.message,
    ticketNumber: input.ticketNumber,
    session: null,
    triage: null,
    route: null,
    amount: null,
    orderId: null,
    email: input.customerEmail,
    decision: null,
    reviewer: null,
    denialReason: null,
    refundArgs: null,
    agent: null,
    action_result: null,
  };
}
