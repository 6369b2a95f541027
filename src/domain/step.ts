// A step is one node execution; its record is the trace (seed 000 field names).

export const layers = ['triage', 'specialist', 'human', 'system'] as const;
export type Layer = (typeof layers)[number];

export const stepStatuses = ['succeeded', 'failed'] as const;
export type StepStatus = (typeof stepStatuses)[number];

/** What a step paused its run for; null when the run went on (or ended) after it. */
export const stepWaits = ['approval', 'escalation', 'customer', 'timer'] as const;
export type StepWait = (typeof stepWaits)[number];

/** The output payload of a step, as seed 000's trace shows it. All fields optional: nodes fill what they know. */
export interface StepPayload {
  source?: string;
  matched_rule_id?: string | number | null;
  matched_rule_name?: string | null;
  status?: string;
  category?: string | null;
  priority?: string | null;
  route?: string | null;
  current_layer?: string;
  confidence?: number | null;
  decision?: string;
  escalation_reason?: string | null;
  handoff_note?: string | null;
  summary?: string | null;
  reply?: string | null;
  human_handoff_available?: boolean;
  reasoning_summary?: string | null;
  tags?: string[];
  input_snapshot?: string | null;
  [extra: string]: unknown;
}
