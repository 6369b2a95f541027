// Runs `switchboard serve` (or `worker`) as a child process for tests that kill it: waits, with a
// deadline, for its ready line, exposes the server's URL and its stdout lines, and reaps every process.
import { spawn, type ChildProcess } from 'node:child_process';
import { ChildLines, type ChildExit } from './child-lines.ts';
import { childCwd, childEnv, cliEntry, nodeBinary } from './cli-process.ts';

export interface SwitchboardProcess {
  /** The first stdout line matching `pattern`, already printed or still to come. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Sends `signal` (SIGKILL by default) and resolves once the process has exited. */
  kill(signal?: NodeJS.Signals): Promise<ChildExit>;
  transcript(): string;
}

export interface ServerProcess extends SwitchboardProcess {
  readonly url: string;
}

const lineTimeoutMs = 20_000;
const live = new Map<ChildProcess, ChildLines>();

/** A short lease so that a killed process's runs are reclaimed within about a second. */
export const processDefaults = { PORT: '0', HOST: '127.0.0.1', SWITCHBOARD_LEASE_MS: '1000' } as const;

export async function startServer(env: Record<string, string>): Promise<ServerProcess> {
  const { handle, ready } = await start('serve', /^Switchboard listening on (\S+)/, env);
  return { ...handle, url: ready[1] ?? '' };
}

export async function startWorker(env: Record<string, string>): Promise<SwitchboardProcess & { workerId: string }> {
  const { handle, ready } = await start('worker', /^Switchboard worker (\S+) started/, env);
  return { ...handle, workerId: ready[1] ?? '' };
}

/** For `after` hooks and `finally` blocks: no test leaves a server or worker running. */
export async function killSwitchboardProcesses(): Promise<void> {
  await Promise.all([...live].map(([child, lines]) => stop(child, lines, 'SIGKILL')));
}

async function start(command: 'serve' | 'worker', readyLine: RegExp, env: Record<string, string>) {
  const child = spawn(nodeBinary, [cliEntry, command], { cwd: childCwd, env: childEnv({ ...processDefaults, ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines = new ChildLines(child);
  live.set(child, lines);
  void lines.exited.then(() => live.delete(child));
  const handle: SwitchboardProcess = {
    waitForLine: (pattern, timeoutMs = lineTimeoutMs) => lines.waitFor(pattern, timeoutMs),
    kill: (signal = 'SIGKILL') => stop(child, lines, signal),
    transcript: () => lines.transcript(),
  };
  try {
    return { handle, ready: await lines.waitFor(readyLine, lineTimeoutMs) };
  } catch (error) {
    await stop(child, lines, 'SIGKILL');
    throw error;
  }
}

async function stop(child: ChildProcess, lines: ChildLines, signal: NodeJS.Signals): Promise<ChildExit> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  return lines.exited;
}
