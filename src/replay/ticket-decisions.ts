// The five things a replay compares per ticket, each as the text a report shows: where triage sent
// the ticket, its category, the approval gates its tool calls met, whether it was resolved without a
// person, and which escalation trigger fired.

export const replayDimensions = ['route', 'category', 'gate', 'auto_resolution', 'escalation'] as const;
export type ReplayDimension = (typeof replayDimensions)[number];

export type TicketDecisions = Record<ReplayDimension, string>;

/** One tool call's gate: did it wait for a reviewer. */
export interface GateDecision {
  tool: string;
  required: boolean;
}

export const none = 'none';
/** Shown where the answer depends on a model that shadow mode did not ask. */
export const modelNeeded = 'model needed';

export function gateText(gates: readonly GateDecision[]): string {
  if (gates.length === 0) return none;
  return gates.map((gate) => `${gate.tool}: ${gate.required ? 'needs approval' : 'auto-approved'}`).join('; ');
}

export function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}
