// Reads a recorded ticket's decisions from its first run: the triage step's category and branch, the
// approval gates its tool calls met, the escalation trigger that fired, and whether it resolved alone.
import { supportBranches } from '../workflows/support-triage/workflow.ts';
import type { RecordedStep, RecordedTicket } from './recorded-ticket.ts';
import { gateText, none, yesNo, type TicketDecisions } from './ticket-decisions.ts';

/** A gated tool call as recorded: what the policy is asked again on replay. */
export interface RecordedGateCall {
  seq: number;
  tool: string;
  args: Record<string, unknown>;
  required: boolean;
}

export interface RecordedDecisions {
  decisions: TicketDecisions;
  triageStep: RecordedStep;
  gateCalls: RecordedGateCall[];
}

/** Null when the first run has no triage step (another workflow, or it failed before triage). */
export function recordedDecisions(ticket: RecordedTicket): RecordedDecisions | null {
  const triageStep = ticket.steps.find((step) => step.node === 'classify' && step.decision === 'triage');
  if (!triageStep) return null;
  const gateCalls = gateCallsOf(ticket.steps);
  const decisions: TicketDecisions = {
    route: nodeOfBranch(text(triageStep.output['next'])),
    category: text(triageStep.output['category']),
    gate: gateText(gateCalls),
    auto_resolution: yesNo(ticket.autoResolved),
    escalation: ticket.escalations[0] ?? none,
  };
  return { decisions, triageStep, gateCalls };
}

/** The node a branch of `classify` leads to, e.g. `refund` → `human_gate`. */
export function nodeOfBranch(branch: string): string {
  return Object.hasOwn(supportBranches, branch) ? supportBranches[branch as keyof typeof supportBranches] : branch;
}

/**
 * The policy's decisions in order: a refund gate's `approval_required` or `auto_approved`, and the
 * agent's calls. An agent call that ran after a reviewer's approval is the same gate, not a new one.
 */
function gateCallsOf(steps: readonly RecordedStep[]): RecordedGateCall[] {
  const approved = new Map<string, number>();
  const calls: RecordedGateCall[] = [];
  for (const step of steps) {
    const tool = step.output['tool'];
    const args = step.output['args'];
    // A rejected agent call never runs: its gate is settled.
    if (step.node === 'agent_tool' && step.decision === 'rejected' && typeof tool === 'string') approved.set(tool, Math.max(0, (approved.get(tool) ?? 0) - 1));
    if (typeof tool !== 'string' || args === null || typeof args !== 'object') continue;
    const gate = gateOf(step, tool, approved);
    if (gate !== null) calls.push({ seq: step.seq, tool, args: args as Record<string, unknown>, required: gate });
  }
  return calls;
}

/** Whether the step was a gate that needed approval; null when it was not a gate decision. */
function gateOf(step: RecordedStep, tool: string, approved: Map<string, number>): boolean | null {
  if (step.decision === 'approval_required') {
    approved.set(tool, (approved.get(tool) ?? 0) + 1);
    return true;
  }
  if (step.decision === 'auto_approved') return false;
  if (step.node !== 'agent_tool' || (step.decision !== 'tool_called' && step.decision !== 'tool_failed')) return null;
  const waiting = approved.get(tool) ?? 0;
  if (waiting === 0) return false;
  approved.set(tool, waiting - 1);
  return null;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : none;
}
