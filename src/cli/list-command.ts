// The shape every `<things> [list]` command shares: --status, --limit, --url, --json, a table or JSON.
import type { Command } from 'commander';
import type { z } from '@hono/zod-openapi';
import type { SwitchboardClient } from './client.ts';
import { loadConfig, withClient } from './context.ts';
import { formatTable, printJson, printLines, type Column } from './output.ts';
import { jsonOption, parseFlags, urlOption } from './shared-options.ts';

export interface ListCommandSpec<T, Q extends z.ZodType> {
  /** The command name, also the key of the JSON output (`tickets`, `tasks`). */
  name: string;
  description: string;
  statusHelp: string;
  limitHelp: string;
  /** The HTTP API's query schema, so flags are checked exactly as the server checks them. */
  query: Q;
  columns: readonly Column<T>[];
  /** What an empty list prints; default "No <name>.". */
  empty?: string;
  fetch(client: SwitchboardClient, filter: z.output<Q>): Promise<T[]>;
}

interface ListOptions {
  status?: string;
  limit?: string;
  url?: string;
  json?: boolean;
}

/** Returns the command group, so that other subcommands can join `list`. */
export function registerListCommand<T, Q extends z.ZodType>(program: Command, spec: ListCommandSpec<T, Q>): Command {
  const group = program.command(spec.name);
  group
    .description(spec.description)
    .command('list', { isDefault: true })
    .description(spec.description)
    .option('--status <status>', spec.statusHelp)
    .option('--limit <n>', spec.limitHelp)
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(async (options: ListOptions) => {
      const filter = parseFlags(spec.query, { status: options.status, limit: options.limit });
      const rows = await withClient(loadConfig(), options.url, (client) => spec.fetch(client, filter));
      if (options.json) printJson({ [spec.name]: rows });
      else printLines(rows.length === 0 ? [spec.empty ?? `No ${spec.name}.`] : formatTable(spec.columns, rows));
    });
  return group;
}
