// The trace timeline as one list in time order: each run's customer message and steps, and the
// ticket's human tasks (created, decided) and their due times, interleaved where they happened.
import type { HumanTask, Message, Run, Step, TicketDetail } from '../api/types.ts';
import { isOpen } from '../inbox/task-state.ts';

export type TraceEntry =
  | { kind: 'message'; at: string; key: string; message: Message; run: RunLabel | null }
  | { kind: 'run'; at: string; key: string; run: RunLabel }
  | { kind: 'step'; at: string; key: string; step: Step; run: RunLabel }
  | { kind: 'task-created'; at: string; key: string; task: HumanTask }
  | { kind: 'task-closed'; at: string; key: string; task: HumanTask }
  | { kind: 'sla'; at: string; key: string; task: HumanTask; breached: boolean };

/** Which run an entry belongs to: "Run 2 of 3". */
export interface RunLabel {
  run: Run;
  number: number;
  of: number;
}

export function traceEntries(ticket: TicketDetail): TraceEntry[] {
  const entries = [...ticket.runs.flatMap((run, index) => runEntries(ticket.messages, { run, number: index + 1, of: ticket.runs.length })), ...laterCustomerMessages(ticket), ...ticket.human_tasks.flatMap(taskEntries)];
  // A stable sort: entries at the same instant keep the order they were listed in.
  return entries.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
}

/** A run opens with the customer message that started it (or a plain marker), then its steps. */
function runEntries(messages: readonly Message[], run: RunLabel): TraceEntry[] {
  const opening = messages.find((message) => message.run_id === run.run.id && message.role === 'customer');
  const start: TraceEntry = opening ? { kind: 'message', at: opening.created_at, key: opening.id, message: opening, run } : { kind: 'run', at: run.run.created_at, key: run.run.id, run };
  return [start, ...run.run.steps.map((step): TraceEntry => ({ kind: 'step', at: step.started_at, key: step.id, step, run }))];
}

/** Customer messages that did not open a run: an answer the run asked for, a message with no run. */
function laterCustomerMessages(ticket: TicketDetail): TraceEntry[] {
  const openings = new Set(ticket.runs.map((run) => ticket.messages.find((message) => message.run_id === run.id && message.role === 'customer')?.id));
  return ticket.messages.filter((message) => message.role === 'customer' && !openings.has(message.id)).map((message) => ({ kind: 'message', at: message.created_at, key: message.id, message, run: null }));
}

function taskEntries(task: HumanTask): TraceEntry[] {
  const entries: TraceEntry[] = [{ kind: 'task-created', at: task.created_at, key: `${task.id}:created`, task }];
  if (!isOpen(task)) entries.push({ kind: 'task-closed', at: task.resolved_at ?? task.updated_at, key: `${task.id}:closed`, task });
  const sla = slaEntry(task);
  if (sla) entries.push(sla);
  return entries;
}

/** A due time is on the timeline while it matters: an open task's (met or not yet), or one that was missed. */
function slaEntry(task: HumanTask): TraceEntry | null {
  if (!task.due_at) return null;
  const closedAt = isOpen(task) ? null : (task.resolved_at ?? task.updated_at);
  const breached = task.overdue || task.escalation_level > 0 || (closedAt !== null && Date.parse(closedAt) > Date.parse(task.due_at));
  if (!breached && closedAt !== null) return null;
  return { kind: 'sla', at: task.due_at, key: `${task.id}:sla`, task, breached };
}

export function runCount(ticket: TicketDetail): string {
  return ticket.runs.length === 1 ? '1 run' : `${ticket.runs.length} runs`;
}
