// `switchboard worker`: the background loop only (claims runs, fires timers, delivers the outbox).
// Run as many as you like against one PostgreSQL database, next to or instead of `serve`.
import type { Command } from 'commander';
import { createLogger, describeStore, loadConfig, openSwitchboard } from '../context.ts';
import { printLine } from '../output.ts';
import { untilShutdownSignal } from '../shutdown.ts';
import { crashTestHooks } from '../test-hooks.ts';

export function workerCommand(program: Command): void {
  program.command('worker').description('Run the background worker without the HTTP API').action(work);
}

async function work(): Promise<void> {
  const config = loadConfig();
  const sb = await openSwitchboard(config, { logger: createLogger(config), hooks: crashTestHooks(process.env['SWITCHBOARD_TEST_HOLD_TOOL'], printLine), scheduleRetention: true, rehearse: true });
  sb.worker.start();
  // Catch signals before announcing readiness: whoever reads the ready line may signal at once.
  const shutdown = untilShutdownSignal();
  printLine(`Switchboard worker ${sb.engine.workerId} started (${describeStore(config.store)})`);
  await shutdown;
  await sb.close();
}
