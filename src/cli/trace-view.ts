// Renders a ticket's trace for the terminal: the conversation, then each run's steps in order with
// their tool calls. Pure: lines in, lines out; all customer and tool text goes through `inert`.
import type { HumanTaskView, MessageView, RunView, StepView, TicketDetailView, ToolCallView } from '../app/views.ts';
import { inert, percent, shortTime } from './output.ts';
import { versionNoteOf, versionNoteText } from '../app/version-note.ts';

const indent = (depth: number) => '  '.repeat(depth);
const clock = (iso: string) => iso.slice(11, 19);

export function traceLines(ticket: TicketDetailView): string[] {
  return [
    ...headerLines(ticket),
    '',
    'Conversation',
    ...(ticket.messages.length === 0 ? [`${indent(1)}(no messages)`] : ticket.messages.map(messageLine)),
    ...ticket.runs.flatMap((run) => ['', ...runLines(run)]),
    ...(ticket.human_tasks.length === 0 ? [] : ['', 'Human tasks', ...ticket.human_tasks.map(taskLine)]),
  ];
}

function headerLines(t: TicketDetailView): string[] {
  return [
    `${t.number} · ${t.status} · ${inert(t.category ?? 'uncategorised')} · ${t.priority} priority`,
    `Subject: ${inert(t.subject)}`,
    `Thread ${t.thread_id} · customer ${inert(t.customer_email ?? 'unknown')} · opened ${shortTime(t.created_at)} · updated ${shortTime(t.updated_at)}`,
  ];
}

function messageLine(m: MessageView): string {
  return `${indent(1)}${clock(m.created_at)}  ${m.role.padEnd(9)}  ${inert(m.body)}`;
}

function runLines(run: RunView): string[] {
  const header = `Run ${run.id} · ${run.workflow}${run.definition_version ? ` version ${run.definition_version}` : ''} · ${run.status}${run.current_node && run.status !== 'completed' ? ` at ${run.current_node}` : ''}`;
  const error = run.error ? [`${indent(1)}error: ${inert(run.error)}`] : [];
  const width = Math.max(0, ...run.steps.map((s) => s.node.length));
  const steps = run.steps.length === 0 ? [`${indent(1)}(no steps yet)`] : run.steps.flatMap((s) => stepLines(s, width));
  // Retention kept each step's facts; what it dropped is said once rather than shown as empty payloads.
  const compacted = run.compacted_at ? [`${indent(1)}payload compacted on ${shortTime(run.compacted_at)}`] : [];
  return [header, ...compacted, ...steps, ...error];
}

/** `width` aligns the node names of one run so the fields line up. */
function stepLines(step: StepView, width: number): string[] {
  const tokens = step.tokens_in + step.tokens_out > 0 ? [`${step.tokens_in}+${step.tokens_out} tokens${step.cost_usd > 0 ? ` $${step.cost_usd.toFixed(5)}` : ''}`] : [];
  const fields = [`layer ${step.layer}`, `source ${step.source}`, step.status, `decision ${step.decision ?? '–'}`, `confidence ${percent(step.confidence)}`, ...tokens, `${step.duration_ms} ms`];
  const { reply, reasoning_summary: reasoning, matched_rule_id: ruleId, matched_rule_name: ruleName } = step.output;
  const version = versionNoteOf(step.output);
  return [
    `${indent(1)}${String(step.seq).padStart(2)}. ${clock(step.started_at)}  ${step.node.padEnd(width)}  ·  ${fields.join(' · ')}`,
    ...(version ? [`${indent(3)}version: ${inert(versionNoteText(version))}`] : []),
    ...(typeof ruleId === 'string' || typeof ruleId === 'number' ? [`${indent(3)}rule: #${ruleId} ${inert(typeof ruleName === 'string' ? ruleName : '')}`] : []),
    ...(typeof reasoning === 'string' ? [`${indent(3)}why: ${inert(reasoning)}`] : []),
    ...(typeof reply === 'string' ? [`${indent(3)}reply: ${inert(reply)}`] : []),
    ...step.tool_calls.flatMap(toolCallLines),
  ];
}

function toolCallLines(call: ToolCallView): string[] {
  return [
    `${indent(3)}tool ${call.tool} (${call.risk}) ${call.status} · attempts ${call.attempts} · key ${call.idempotency_key}`,
    `${indent(4)}input:  ${json(call.input)}`,
    call.error === null ? `${indent(4)}output: ${json(call.output)}` : `${indent(4)}error:  ${inert(call.error)}`,
  ];
}

function taskLine(task: HumanTaskView): string {
  const decided = task.decision ? ` · ${task.decision} by ${inert(task.responded_by ?? 'unknown')}${task.notes ? `: ${inert(task.notes)}` : ''}` : '';
  return `${indent(1)}${task.id} · ${task.type} · ${task.status}${decided} · ${inert(task.title)}`;
}

function json(value: unknown): string {
  return value === null || value === undefined ? '–' : inert(JSON.stringify(value));
}
