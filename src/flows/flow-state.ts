// A flow run's state: the variables its nodes read and write (`session`, which policies and triggers
// see too), how the last node left, and what the auth gate and a reviewer's approval carry forward.
import type { StartInput, WorkflowState } from '../engine/graph.ts';

export interface AuthGateState {
  email: string | null;
  /** HMAC of the code under a per-run salt: the code itself is only in the mail. */
  codeHash: string | null;
  salt: string;
  expiresAt: string | null;
  attempts: number;
  sends: number;
}

export interface FlowState extends WorkflowState {
  message: string;
  session: Record<string, unknown>;
  /** The handle the last node left by ('' for its plain edge); edges route on it. */
  handle: string;
  auth: AuthGateState | null;
  /** The call waiting for a reviewer, as proposed (the answer may edit it). */
  pending: { tool: string; args: Record<string, unknown> } | null;
  /** A call a reviewer approved at a human_handoff, with the arguments as approved (possibly edited). */
  approved: { tool: string; args: Record<string, unknown> } | null;
}

export function initialFlowState(input: StartInput): FlowState {
  return {
    message: input.message,
    session: { message: input.message, customer_email: input.customerEmail, ticket_number: input.ticketNumber },
    handle: '',
    auth: null,
    pending: null,
    approved: null,
  };
}
