// `switchboard trace <ticket>`: what happened to a ticket, step by step, with the tools it called.
import type { Command } from 'commander';
import { loadConfig, withClient } from '../context.ts';
import { printJson, printLines } from '../output.ts';
import { jsonOption, urlOption } from '../shared-options.ts';
import { traceLines } from '../trace-view.ts';

interface TraceOptions {
  url?: string;
  json?: boolean;
}

export function traceCommand(program: Command): void {
  program
    .command('trace')
    .description("Show a ticket's conversation and every step of its runs")
    .argument('<ticket>', 'ticket number (TKT-1001), ticket id or thread id')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(trace);
}

async function trace(ref: string, options: TraceOptions): Promise<void> {
  const ticket = await withClient(loadConfig(), options.url, (client) => client.ticket(ref));
  if (options.json) printJson(ticket);
  else printLines(traceLines(ticket));
}
