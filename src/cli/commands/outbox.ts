// `switchboard outbox [list] --status dead` and `switchboard outbox redeliver <id> | --all-dead`:
// what the outbox delivered, what it gave up on, and sending it again.
import type { Command } from 'commander';
import { DeliveryListQuery } from '../../api/schemas.ts';
import { loadConfig, withClient } from '../context.ts';
import { usageError } from '../failure.ts';
import { registerListCommand } from '../list-command.ts';
import { printJson, printLines, shortTime, truncate } from '../output.ts';
import { jsonOption, urlOption } from '../shared-options.ts';

interface RedeliverOptions {
  allDead?: boolean;
  destination?: string;
  by?: string;
  url?: string;
  json?: boolean;
}

export function outboxCommand(program: Command): void {
  const outbox = registerListCommand(program, {
    name: 'outbox',
    description: 'List outbox deliveries per destination, newest first (--status dead: the dead letters)',
    statusHelp: 'only deliveries with this status (pending, delivered, dead)',
    limitHelp: 'at most this many (1–1000, default 100)',
    query: DeliveryListQuery,
    fetch: (client, filter) => client.deliveries(filter),
    empty: 'No deliveries.',
    columns: [
      { header: 'id', cell: (d) => d.id },
      { header: 'status', cell: (d) => d.status },
      { header: 'destination', cell: (d) => d.destination },
      { header: 'topic', cell: (d) => d.topic },
      { header: 'tries', cell: (d) => String(d.attempts) },
      { header: 'created', cell: (d) => shortTime(d.created_at) },
      { header: 'last error', cell: (d) => truncate(d.last_error ?? '–', 60) },
    ],
  });
  outbox
    .command('redeliver')
    .description('Send a delivery again (same event id, so receivers still see one event), or every dead letter')
    .argument('[id]', 'the delivery id (from "switchboard outbox --status dead")')
    .option('--all-dead', 'every dead letter instead of one delivery')
    .option('--destination <name>', 'with --all-dead: only this destination (email, slack, webhook:<name>, …)')
    .option('--by <name>', 'who redelivers, for the audit log (default: $USER)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(redeliver);
}

async function redeliver(id: string | undefined, options: RedeliverOptions): Promise<void> {
  if (Boolean(id) === Boolean(options.allDead)) throw usageError('Pass a delivery id or --all-dead, not both.');
  if (options.destination && !options.allDead) throw usageError('--destination goes with --all-dead.');
  const by = options.by?.trim() || process.env['USER'] || 'cli';
  if (id) {
    const delivery = await withClient(loadConfig(), options.url, (client) => client.redeliver(id, by));
    if (options.json) printJson(delivery);
    else printLines([`${delivery.id} (${delivery.topic} → ${delivery.destination}) is pending again; the worker sends it next.`]);
    return;
  }
  const count = await withClient(loadConfig(), options.url, (client) => client.redeliverDead(by, options.destination));
  if (options.json) printJson({ redelivered: count });
  else printLines([count === 0 ? 'No dead letters.' : count === 1 ? '1 dead letter is pending again; the worker sends it next.' : `${count} dead letters are pending again; the worker sends them next.`]);
}
