// What every reviewer notification says, whatever the channel: the project and bot, the task's
// interpolated reason, a short summary of the conversation, the key variables, the proposed tool
// call, when it was asked, and whether Approve / Reject apply. Channels only lay it out.
import type { HumanTaskService } from '../app/human-tasks.ts';
import type { HumanTaskView } from '../app/views.ts';
import { isOpenTask } from '../domain/human-task.ts';
import { formatTicketNumber } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';

export interface TaskNotice {
  projectId: string;
  projectName: string;
  botName: string;
  task: HumanTaskView;
  /** The task's version when the notice was made; one-click links are bound to it. */
  taskVersion: number;
  ticket: { id: string; number: string; subject: string } | null;
  /** The conversation's last messages, oldest first, each cut to a readable length. */
  summary: { role: string; text: string }[];
  /** The task's context reduced to name → printable value. */
  variables: { name: string; value: string }[];
  /** An open approval: Approve / Reject actions apply. */
  decidable: boolean;
  /** Where the task can be seen in full. */
  taskUrl: string;
}

export interface TaskNoticeDeps {
  db: Db;
  tasks: HumanTaskService;
  project: { name: string; bot_name: string };
  publicUrl: string;
}

export const summaryMessages = 6;
const summaryChars = 280;
const hiddenContext = new Set(['message', 'approval_chain', 'handoff_node']);

export async function buildTaskNotice(deps: TaskNoticeDeps, projectId: string, taskId: string): Promise<TaskNotice> {
  const task = await deps.tasks.get(projectId, taskId);
  const row = await deps.db.kysely.selectFrom('human_tasks').select('version').where('id', '=', taskId).executeTakeFirstOrThrow();
  const ticket = task.ticket_id ? await deps.db.kysely.selectFrom('tickets').select(['id', 'number', 'subject']).where('id', '=', task.ticket_id).executeTakeFirst() : undefined;
  const messages = task.ticket_id
    ? await deps.db.kysely.selectFrom('messages').select(['role', 'body']).where('ticket_id', '=', task.ticket_id).orderBy('id', 'desc').limit(summaryMessages).execute()
    : [];
  return {
    projectId,
    projectName: deps.project.name,
    botName: deps.project.bot_name,
    task,
    taskVersion: row.version,
    ticket: ticket ? { id: ticket.id, number: formatTicketNumber(ticket.number), subject: ticket.subject } : null,
    summary: messages.reverse().map((m) => ({ role: m.role, text: shorten(m.body) })),
    variables: keyVariables(task.context),
    decidable: task.type === 'approval' && isOpenTask(task.status),
    taskUrl: `${deps.publicUrl.replace(/\/$/, '')}/api/projects/${encodeURIComponent(projectId)}/human-tasks/${encodeURIComponent(task.id)}`,
  };
}

function keyVariables(context: Record<string, unknown>): { name: string; value: string }[] {
  return Object.entries(context)
    .filter(([name, value]) => !hiddenContext.has(name) && value !== null && value !== undefined && value !== '' && typeof value !== 'object')
    .map(([name, value]) => ({ name, value: shorten(String(value)) }));
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= summaryChars ? flat : `${flat.slice(0, summaryChars - 1)}…`;
}

/** One line of plain text per part, for channels without layout (and for tests to read). */
export function noticeLines(notice: TaskNotice): string[] {
  return [
    `${notice.botName} · ${notice.projectName}`,
    notice.task.title,
    notice.task.reason,
    ...(notice.ticket ? [`Ticket ${notice.ticket.number}: ${notice.ticket.subject}`] : []),
    ...notice.summary.map((m) => `${m.role}: ${m.text}`),
    ...notice.variables.map((v) => `${v.name}: ${v.value}`),
    ...(notice.task.tool_call ? [`Proposed: ${notice.task.tool_call.tool} ${JSON.stringify(notice.task.tool_call.args)}`] : []),
    `Asked at ${notice.task.created_at}`,
  ];
}
