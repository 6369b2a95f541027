// `switchboard retention run`: compacts finished runs older than the configured age (or --older-than)
// and deletes long-delivered outbox events, now, on the database directly; --dry-run only counts.
import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { countRetention, retentionPolicy, runRetention, type RetentionCounts, type RetentionPolicy, type RetentionReport } from '../../app/retention.ts';
import { withMaintenanceStore } from '../../app/switchboard.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import type { StoreTarget } from '../../store/connect.ts';
import { loadConfig, loadSupportConfig } from '../context.ts';
import { usageError } from '../failure.ts';
import { printJson, printLines, shortTime } from '../output.ts';
import { jsonOption } from '../shared-options.ts';

interface RunOptions {
  olderThan?: string;
  dryRun?: boolean;
  json?: boolean;
}

const helpAfter = `
Reads the configuration's retention: section (SWITCHBOARD_CONFIG) and the database directly
(DATABASE_URL, else SQLite under SWITCHBOARD_DATA_DIR); SWITCHBOARD_URL is ignored. Tickets, messages,
human tasks and the audit log are kept; running it twice changes nothing more.`;

export function retentionCommand(program: Command): void {
  const retention = program.command('retention').description('Compact old finished runs and delete delivered outbox events');
  retention
    .command('run')
    .description('Compact finished runs older than retention.runs_after_days and delete delivered outbox events older than retention.outbox_delivered_after_days')
    .option('--older-than <days>', 'compact runs that finished more than this long ago, e.g. 90d (default: the configuration)')
    .option('--dry-run', 'count what would be compacted and deleted, change nothing')
    .addOption(jsonOption())
    .addHelpText('after', helpAfter)
    .action(run);
}

async function run(options: RunOptions): Promise<void> {
  const days = options.olderThan === undefined ? undefined : parseDays(options.olderThan);
  const env = loadConfig();
  const config = loadSupportConfig(env).file.retention;
  assertDatabaseExists(env.store);
  await withMaintenanceStore(env.store, async (deps) => {
    const policy = retentionPolicy(config, deps.clock.now(), days);
    if (options.dryRun) show(await countRetention(deps.db, policy), options, dryRunLines);
    else show(await runRetention(deps, policy), options, reportLines);
  });
}

/** `90d` → 90. Days only: retention ages are long, and one unit leaves nothing to misread. */
export function parseDays(value: string): number {
  const match = /^(\d{1,5})d$/.exec(value.trim());
  if (!match) throw usageError(`--older-than takes a number of days such as 90d, got "${value}".`);
  return Number(match[1]);
}

/** Counting or compacting must not leave an empty database behind where the operator mistyped the path. */
function assertDatabaseExists(store: StoreTarget): void {
  if (store.kind === 'sqlite' && !existsSync(store.path)) {
    throw new SwitchboardError('invalid_config', `No database at ${store.path}; point SWITCHBOARD_DATA_DIR (or DATABASE_URL) at the one the server uses.`);
  }
}

function show<T extends RetentionPolicy & RetentionCounts>(result: T, options: RunOptions, lines: (result: T) => string[]): void {
  if (options.json) printJson({ dry_run: Boolean(options.dryRun), ...result });
  else printLines(lines(result));
}

function reportLines(report: RetentionReport): string[] {
  const payloads = report.runs === 0 ? '' : `; payloads ${count(report.payload_chars_before)} → ${count(report.payload_chars_after)} characters`;
  return [
    runsLine(report.runs_finished_before, () => `${plural(report.runs, 'run')} compacted (${plural(report.steps, 'step')}, ${plural(report.tool_calls, 'tool call')})${payloads}`),
    outboxLine(report.outbox_delivered_before, () => `${plural(report.outbox_events, 'event')} deleted`),
  ];
}

function dryRunLines(counts: RetentionPolicy & RetentionCounts): string[] {
  return [
    'Dry run: nothing changed.',
    runsLine(counts.runs_finished_before, () => `${plural(counts.runs, 'run')} to compact (${plural(counts.steps, 'step')}, ${plural(counts.tool_calls, 'tool call')})`),
    outboxLine(counts.outbox_delivered_before, () => `${plural(counts.outbox_events, 'event')} to delete`),
  ];
}

function runsLine(before: string | null, what: () => string): string {
  return before === null ? 'Runs: kept (retention.runs_after_days is off).' : `Runs finished before ${shortTime(before)}: ${what()}.`;
}

function outboxLine(before: string | null, what: () => string): string {
  return before === null ? 'Outbox: kept (retention.outbox_delivered_after_days is off).' : `Outbox events delivered before ${shortTime(before)}: ${what()}.`;
}

function plural(n: number, noun: string): string {
  return `${count(n)} ${noun}${n === 1 ? '' : 's'}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
