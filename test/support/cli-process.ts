// Runs the `switchboard` CLI as a separate process, the way an operator would.
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ChildExit } from './child-lines.ts';
import { inProcessDemoConfigFile } from './demo-config.ts';

/** The pinned Node 24 (the system node may be too old to strip types). */
export const nodeBinary = fileURLToPath(new URL('../../node_modules/.bin/node', import.meta.url));
export const cliEntry = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));
/** Outside the repository, so a developer's `.env` cannot point a test at another database. */
export const childCwd = tmpdir();

export interface CliResult extends ChildExit {
  stdout: string;
  stderr: string;
}

/**
 * Only what the test passes, plus PATH: nothing leaks in from the runner (DATABASE_URL,
 * SWITCHBOARD_URL, or node:test's own NODE_TEST_CONTEXT).
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  // The demo without its MCP servers: a child process would otherwise start two more per command.
  return { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', SWITCHBOARD_CACHE_DIR: sharedCacheDir, SWITCHBOARD_CONFIG: inProcessDemoConfigFile(), ...env };
}

/** Child processes share trained classifiers (files named by content), so each trains at most once. */
export const sharedCacheDir = join(tmpdir(), 'switchboard-test-cache');

export async function runCli(args: readonly string[], env: Record<string, string>, timeoutMs = 30_000): Promise<CliResult> {
  const child = spawn(nodeBinary, [cliEntry, ...args], { cwd: childCwd, env: childEnv(env), stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exit = await new Promise<ChildExit>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  return { ...exit, stdout, stderr };
}
