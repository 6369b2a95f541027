// `switchboard tickets [list]`: the newest tickets as a table or JSON; `switchboard tickets assign`:
// give one to a person, or to nobody.
import type { Command } from 'commander';
import { TicketListQuery } from '../../api/schemas.ts';
import { loadConfig, withClient } from '../context.ts';
import { usageError } from '../failure.ts';
import { registerListCommand } from '../list-command.ts';
import { printJson, printLines, shortTime, truncate } from '../output.ts';
import { jsonOption, urlOption } from '../shared-options.ts';

interface AssignOptions {
  unassign?: boolean;
  by?: string;
  url?: string;
  json?: boolean;
}

export function ticketsCommand(program: Command): void {
  const tickets = registerListCommand(program, {
    name: 'tickets',
    description: 'List tickets, newest first',
    statusHelp: 'only tickets with this status (new, in_progress, resolved, …)',
    limitHelp: 'at most this many (1–500, default 50)',
    query: TicketListQuery,
    fetch: (client, filter) => client.tickets(filter),
    columns: [
      { header: 'number', cell: (t) => t.number },
      { header: 'status', cell: (t) => t.status },
      { header: 'category', cell: (t) => t.category ?? '–' },
      { header: 'priority', cell: (t) => t.priority },
      { header: 'updated', cell: (t) => shortTime(t.updated_at) },
      { header: 'assignee', cell: (t) => t.assignee ?? '–' },
      { header: 'subject', cell: (t) => truncate(t.subject, 72) },
    ],
  });
  tickets
    .command('assign')
    .description('Give a ticket to a person, or to nobody with --unassign (recorded in the audit log)')
    .argument('<ticket>', 'the ticket: its number (TKT-1001), id or thread id')
    .argument('[person]', 'who gets it: an email or user name')
    .option('--unassign', 'the ticket goes to nobody')
    .option('--by <name>', 'who assigns, for the audit log (default: $USER)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(assign);
}

async function assign(ticket: string, person: string | undefined, options: AssignOptions): Promise<void> {
  const assignee = person?.trim() || null;
  if ((assignee === null) === !options.unassign) throw usageError('Name the person to assign the ticket to, or pass --unassign, not both.');
  const by = options.by?.trim() || process.env['USER'] || 'cli';
  const assigned = await withClient(loadConfig(), options.url, (client) => client.assignTicket(ticket, assignee, by));
  if (options.json) printJson(assigned);
  else printLines([assigned.assignee ? `${assigned.number} is assigned to ${assigned.assignee}.` : `${assigned.number} is assigned to nobody.`]);
}
