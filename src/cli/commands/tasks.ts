// `switchboard tasks [list]`: the reviewers' inbox, highest priority and earliest due first.
import type { Command } from 'commander';
import { TaskListQuery } from '../../api/schemas.ts';
import type { HumanTaskView } from '../../app/views.ts';
import { loadConfig, withClient } from '../context.ts';
import { formatTable, printJson, printLines, shortTime, truncate, type Column } from '../output.ts';
import { jsonOption, parseFlags, urlOption } from '../shared-options.ts';

interface ListOptions {
  status?: string;
  limit?: string;
  url?: string;
  json?: boolean;
}

const columns: Column<HumanTaskView>[] = [
  { header: 'id', cell: (t) => t.id },
  { header: 'status', cell: (t) => t.status },
  { header: 'type', cell: (t) => t.type },
  { header: 'priority', cell: (t) => t.priority },
  { header: 'due', cell: (t) => (t.due_at ? shortTime(t.due_at) : '–') },
  { header: 'claimed by', cell: (t) => t.claimed_by ?? '–' },
  { header: 'title', cell: (t) => truncate(t.title, 72) },
];

export function tasksCommand(program: Command): void {
  const tasks = program.command('tasks').description('Human tasks (approvals and other reviewer work)');
  tasks
    .command('list', { isDefault: true })
    .description('List human tasks, highest priority first')
    .option('--status <status>', 'only tasks with this status (pending, in_progress, completed, …)')
    .option('--limit <n>', 'at most this many (1–1000, default 100)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(list);
}

async function list(options: ListOptions): Promise<void> {
  const filter = parseFlags(TaskListQuery, { status: options.status, limit: options.limit });
  const tasks = await withClient(loadConfig(), options.url, (client) => client.tasks(filter));
  if (options.json) printJson({ tasks });
  else printLines(tasks.length === 0 ? ['No tasks.'] : formatTable(columns, tasks));
}
