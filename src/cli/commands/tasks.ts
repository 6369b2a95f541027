// `switchboard tasks [list]`: the reviewers' inbox, highest priority and earliest due first.
import type { Command } from 'commander';
import { TaskListQuery } from '../../api/schemas.ts';
import { registerListCommand } from '../list-command.ts';
import { shortTime, truncate } from '../output.ts';

export function tasksCommand(program: Command): void {
  registerListCommand(program, {
    name: 'tasks',
    description: 'List human tasks (approvals and other reviewer work), highest priority first',
    statusHelp: 'only tasks with this status (pending, in_progress, completed, …)',
    limitHelp: 'at most this many (1–1000, default 100)',
    query: TaskListQuery,
    fetch: (client, filter) => client.tasks(filter),
    columns: [
      { header: 'id', cell: (t) => t.id },
      { header: 'status', cell: (t) => t.status },
      { header: 'type', cell: (t) => t.type },
      { header: 'priority', cell: (t) => t.priority },
      { header: 'due', cell: (t) => (t.due_at ? shortTime(t.due_at) : '–') },
      { header: 'claimed by', cell: (t) => t.claimed_by ?? '–' },
      { header: 'title', cell: (t) => truncate(t.title, 72) },
    ],
  });
}
