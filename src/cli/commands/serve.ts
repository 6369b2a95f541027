// `switchboard serve`: the HTTP API and the background worker in one process.
import type { Command } from 'commander';
import { startHttpServer, type RunningServer } from '../../api/serve.ts';
import type { EnvConfig } from '../../app/env-config.ts';
import { defaultProjectId, type Switchboard } from '../../app/switchboard.ts';
import { ensureFirstAdmin } from '../../auth/first-admin.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import { createLogger, describeStore, loadConfig, openSwitchboard } from '../context.ts';
import { printLine } from '../output.ts';
import { untilShutdownSignal } from '../shutdown.ts';
import { crashTestHooks } from '../test-hooks.ts';

export function serveCommand(program: Command): void {
  program
    .command('serve')
    .description('Run the HTTP API and the background worker (PORT, HOST, DATABASE_URL or SWITCHBOARD_DATA_DIR)')
    .action(serve);
}

async function serve(): Promise<void> {
  const config = loadConfig();
  const sb = await openSwitchboard(config, { logger: createLogger(config), hooks: crashTestHooks(process.env['SWITCHBOARD_TEST_HOLD_TOOL'], printLine), scheduleRetention: true, rehearse: true });
  await announceFirstAdmin(sb);
  const server = await listen(sb, config);
  sb.worker.start();
  // Catch signals before announcing readiness: whoever reads the ready line may signal at once.
  const shutdown = untilShutdownSignal();
  printLine(`Switchboard listening on ${server.url} (${describeStore(config.store)})`);
  await shutdown;
  await server.close();
  await sb.close();
}

/** An empty installation gets an admin; a generated password is printed once, never logged. */
async function announceFirstAdmin(sb: Switchboard): Promise<void> {
  const admin = await ensureFirstAdmin(sb.identity, defaultProjectId, process.env);
  if (!admin) return;
  printLine(`First start: created the admin ${admin.email}.`);
  if (admin.generatedPassword) printLine(`Admin password (shown once): ${admin.generatedPassword}`);
}

async function listen(sb: Switchboard, config: EnvConfig): Promise<RunningServer> {
  try {
    return await startHttpServer(sb, { port: config.port, host: config.host });
  } catch (error) {
    await sb.close();
    throw listenError(error, config);
  }
}

function listenError(error: unknown, config: EnvConfig): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') return new SwitchboardError('invalid_config', `${config.host}:${config.port} is already in use; stop the other server or set PORT to a free port.`);
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') return new SwitchboardError('invalid_config', `Cannot listen on HOST=${config.host}; use an address of this machine (127.0.0.1 or 0.0.0.0).`);
  if (code === 'EACCES') return new SwitchboardError('invalid_config', `Not allowed to listen on port ${config.port}; use a port above 1023.`);
  return error;
}
