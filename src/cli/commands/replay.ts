// `switchboard replay`: what-if replay of the recorded tickets of a date range against a changed
// configuration, in shadow mode. Reads the database directly; the report goes to stdout, progress to stderr.
import { Option, type Command } from 'commander';
import { loadConfigFile } from '../../config/load-config.ts';
import { defaultProjectId } from '../../app/switchboard.ts';
import { replayRange } from '../../replay/replay-range.ts';
import { runReplay } from '../../replay/run-replay.ts';
import type { ReplayReport } from '../../replay/replay.ts';
import { loadConfig, openSwitchboard } from '../context.ts';
import { printJson, printLines } from '../output.ts';
import { replayCsv, replayTable, replayTotalsLine } from '../replay-output.ts';

interface ReplayOptions {
  from: string;
  to: string;
  config: string;
  format: 'table' | 'json' | 'csv';
  project: string;
  liveModel?: boolean;
}

const helpAfter = `
Replays each ticket created from --from (included) to --to (excluded): its first message is triaged,
routed, checked against the escalation triggers and the approval policies of the changed
configuration. No tool runs, no message is sent, nothing is written. A recorded model answer is
reused where the model's prompt is unchanged; otherwise the ticket is marked "model needed".`;

export function replayCommand(program: Command): void {
  program
    .command('replay')
    .description('What-if: replay recorded tickets against a changed configuration (shadow mode) and report what would differ')
    .requiredOption('--from <date>', 'first day (YYYY-MM-DD, UTC), included')
    .requiredOption('--to <date>', 'last day (YYYY-MM-DD, UTC), excluded')
    .requiredOption('--config <file>', 'the changed switchboard.yaml')
    .addOption(new Option('--format <format>', 'output format').choices(['table', 'json', 'csv']).default('table'))
    .option('--project <id>', 'the project whose tickets are replayed', defaultProjectId)
    .option('--live-model', 'ask the configured model where no recorded answer fits (costs tokens)')
    .addHelpText('after', helpAfter)
    .action(replay);
}

async function replay(options: ReplayOptions): Promise<void> {
  // Bad dates and a broken configuration fail before the store is opened.
  replayRange(options.from, options.to);
  const changed = loadConfigFile(options.config);
  const sb = await openSwitchboard(loadConfig());
  let report: ReplayReport;
  try {
    report = await runReplay(sb, { projectId: options.project, from: options.from, to: options.to, config: changed, liveModel: options.liveModel ?? false, onProgress: progressBar() });
  } finally {
    await sb.close();
  }
  if (!process.stderr.isTTY) process.stderr.write(`${replayTotalsLine(report)}\n`);
  if (options.format === 'json') printJson(report);
  else printLines(options.format === 'csv' ? replayCsv(report) : replayTable(report));
}

const barWidth = 30;

/** A bar rewritten in place on a terminal (cleared at the end); nothing when stderr is a file or pipe. */
function progressBar(): (done: number, total: number) => void {
  if (!process.stderr.isTTY) return () => undefined;
  return (done, total) => {
    const filled = Math.round((done / total) * barWidth);
    process.stderr.write(done === total ? '\r\u001b[2K' : `\r[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${done}/${total} tickets`);
  };
}
