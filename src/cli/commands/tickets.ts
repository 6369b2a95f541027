// `switchboard tickets [list]`: the newest tickets as a table or JSON.
import type { Command } from 'commander';
import { TicketListQuery } from '../../api/schemas.ts';
import { registerListCommand } from '../list-command.ts';
import { shortTime, truncate } from '../output.ts';

export function ticketsCommand(program: Command): void {
  registerListCommand(program, {
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
      { header: 'subject', cell: (t) => truncate(t.subject, 72) },
    ],
  });
}
