// The `switchboard` command line: wires the commands (one per file in commands/) and turns any failure
// into one line on stderr with a stable code. Loaded by main.ts once the compile cache is on.
import { Command } from 'commander';
import packageJson from '../../package.json' with { type: 'json' };
import { failureFrom, formatFailure, isCleanExit, usageError } from './failure.ts';
import { classifierCommand } from './commands/classifier.ts';
import { configCommand } from './commands/config.ts';
import { migrateCommand } from './commands/migrate.ts';
import { respondCommand } from './commands/respond.ts';
import { serveCommand } from './commands/serve.ts';
import { tasksCommand } from './commands/tasks.ts';
import { outboxCommand } from './commands/outbox.ts';
import { ticketsCommand } from './commands/tickets.ts';
import { traceCommand } from './commands/trace.ts';
import { workerCommand } from './commands/worker.ts';
import { accessCommands } from './commands/access.ts';
import { auditCommand } from './commands/audit.ts';
import { approvalsCommand } from './commands/approvals.ts';
import { webhooksCommand } from './commands/webhooks.ts';
import { replayCommand } from './commands/replay.ts';
import { retentionCommand } from './commands/retention.ts';

function buildProgram(): Command {
  const program = new Command('switchboard')
    .description('Support triage autopilot with durable human approval gates')
    .version(packageJson.version)
    .exitOverride()
    // Commander would print its own multi-line error; failures are printed once, below.
    .configureOutput({ outputError: () => undefined })
    .usage('<command> [options]')
    .argument('[command]')
    .action((name?: string) => {
      throw usageError(name === undefined ? 'Name a command; "switchboard --help" lists them.' : `Unknown command "${name}"; "switchboard --help" lists the commands.`);
    });
  for (const register of [serveCommand, workerCommand, migrateCommand, respondCommand, ticketsCommand, traceCommand, tasksCommand, outboxCommand, configCommand, classifierCommand, accessCommands, auditCommand, approvalsCommand, webhooksCommand, retentionCommand, replayCommand]) register(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  if (!isCleanExit(error)) {
    const failure = failureFrom(error);
    process.stderr.write(`${formatFailure(failure)}\n`);
    process.exitCode = failure.exitCode;
  }
}
