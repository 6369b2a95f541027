// `switchboard tickets [list]`: the newest tickets as a table or JSON.
import type { Command } from 'commander';
import { TicketListQuery } from '../../api/schemas.ts';
import type { TicketView } from '../../app/views.ts';
import { loadConfig, withClient } from '../context.ts';
import { formatTable, printJson, printLines, shortTime, truncate, type Column } from '../output.ts';
import { jsonOption, parseFlags, urlOption } from '../shared-options.ts';

interface ListOptions {
  status?: string;
  limit?: string;
  url?: string;
  json?: boolean;
}

const columns: Column<TicketView>[] = [
  { header: 'number', cell: (t) => t.number },
  { header: 'status', cell: (t) => t.status },
  { header: 'category', cell: (t) => t.category ?? '–' },
  { header: 'priority', cell: (t) => t.priority },
  { header: 'updated', cell: (t) => shortTime(t.updated_at) },
  { header: 'subject', cell: (t) => truncate(t.subject, 72) },
];

export function ticketsCommand(program: Command): void {
  const tickets = program.command('tickets').description('Tickets, newest first');
  tickets
    .command('list', { isDefault: true })
    .description('List tickets, newest first')
    .option('--status <status>', 'only tickets with this status (new, in_progress, resolved, …)')
    .option('--limit <n>', 'at most this many (1–500, default 50)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(list);
}

async function list(options: ListOptions): Promise<void> {
  const filter = parseFlags(TicketListQuery, { status: options.status, limit: options.limit });
  const tickets = await withClient(loadConfig(), options.url, (client) => client.tickets(filter));
  if (options.json) printJson({ tickets });
  else printLines(tickets.length === 0 ? ['No tickets.'] : formatTable(columns, tickets));
}
