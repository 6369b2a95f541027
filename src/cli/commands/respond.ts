// `switchboard respond <id> --approve | --reject --reason "…"`: a reviewer's decision from the terminal.
import type { Command } from 'commander';
import type { ChatResult } from '../../app/chat.ts';
import type { Decision } from '../client.ts';
import { loadConfig, withClient } from '../context.ts';
import { usageError } from '../failure.ts';
import { inert, printJson, printLines } from '../output.ts';
import { jsonOption, urlOption } from '../shared-options.ts';

interface RespondOptions {
  approve?: boolean;
  reject?: boolean;
  reason?: string;
  by?: string;
  url?: string;
  json?: boolean;
}

export function respondCommand(program: Command): void {
  program
    .command('respond')
    .description('Approve or reject what a thread, run or ticket is waiting for')
    .argument('<id>', 'thread id (thr_…), run id, ticket id or number (TKT-1001)')
    .option('--approve', 'approve the proposed action')
    .option('--reject', 'reject it (requires --reason)')
    .option('--reason <text>', 'why; the customer is told when a refund is rejected')
    .option('--by <name>', 'who decides, for the audit log (default: $USER)')
    .addOption(urlOption())
    .addOption(jsonOption())
    .action(respond);
}

async function respond(ref: string, options: RespondOptions): Promise<void> {
  const decision = decisionFrom(options);
  const result = await withClient(loadConfig(), options.url, (client) => client.respond(ref, decision));
  if (options.json) printJson(result);
  else printLines(outcomeLines(result));
}

function decisionFrom(options: RespondOptions): Decision {
  if (Boolean(options.approve) === Boolean(options.reject)) throw usageError('Pass exactly one of --approve or --reject.');
  const reason = options.reason?.trim() || null;
  if (options.reject && reason === null) throw usageError('--reject requires --reason "…": the customer is told why.');
  return { approval: options.approve === true, reason, respondedBy: options.by?.trim() || process.env['USER'] || 'cli' };
}

function outcomeLines(result: ChatResult): string[] {
  const lines = [`${result.ticket} ${result.status} (thread ${result.thread_id}, run ${result.run_id})`];
  if (result.action_result !== undefined) lines.push(`Action result: ${inert(result.action_result)}`);
  if (result.reply !== null) lines.push(`Reply: ${inert(result.reply)}`);
  return lines;
}
