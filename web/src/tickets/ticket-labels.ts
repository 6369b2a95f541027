// The tickets' and the trace's words as people read them: statuses, step layers, where a decision
// came from, what a tool call did.
import type { Step, TicketStatus, ToolCall } from '../api/types.ts';

export const ticketStatusLabel: Record<TicketStatus, string> = {
  new: 'New',
  in_progress: 'In progress',
  awaiting_customer: 'Waiting on customer',
  awaiting_approval: 'Waiting for approval',
  with_human: 'With a person',
  resolved: 'Resolved',
  closed: 'Closed',
};

export const ticketStatuses = Object.keys(ticketStatusLabel) as TicketStatus[];

const layerTitles: Record<string, string> = { triage: 'Triage step', specialist: 'Specialist step', human: 'Human step', system: 'System step' };

export function layerTitle(layer: string): string {
  return layerTitles[layer] ?? `${sentence(layer)} step`;
}

const sourceLabels: Record<string, string> = {
  support_rule: 'Support rule',
  classifier: 'Classifier',
  llm: 'LLM',
  llm_human_handoff: 'Human handoff intent',
  human_handoff_intent: 'Human handoff intent',
  faq: 'FAQ',
  policy: 'Approval policy',
  human: 'Human decision',
  tool: 'Tool',
  auth_gate: 'Identity check',
  trigger: 'Escalation trigger',
  timer: 'Timer',
  customer: 'Customer',
  workflow: 'Workflow',
  engine: 'Engine',
};

/** Where a step's decision came from: a rule, the classifier, the model, a person… */
export function sourceLabel(source: string): string {
  return sourceLabels[source] ?? sentence(source);
}

/** The ticket status the step left (seed 000's `status`), else whether the step itself succeeded. */
export function stepStatus(step: Step): string {
  const status = step.output['status'];
  return typeof status === 'string' ? status : step.status;
}

export function confidenceText(confidence: number | null): string {
  return confidence === null ? '—' : `${Math.round(confidence * 100)}%`;
}

/** What the step says it did: its reasoning, else its summary, the reason it escalated, or a person's reason. */
export function stepSummary(step: Step): string | null {
  for (const key of ['reasoning_summary', 'summary', 'escalation_reason', 'reason']) {
    const text = step.output[key];
    if (typeof text === 'string' && text.trim()) return text;
  }
  return null;
}

export function toolCallState(call: ToolCall): string {
  if (call.status === 'failed') return call.error ? `Failed: ${call.error}` : 'Failed';
  if (call.status === 'intent') return 'Started, no result recorded yet';
  const done = call.risk === 'read' ? 'Lookup tool' : 'Action completed';
  return call.attempts > 1 ? `${done} (after ${call.attempts} attempts)` : done;
}

export function formatTraceTime(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

function sentence(word: string): string {
  const spaced = word.replaceAll('_', ' ');
  return spaced.charAt(0).toUpperCase() + spaced.slice(1);
}
