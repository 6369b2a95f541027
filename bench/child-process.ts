// Benchmarks that need a process of their own (its own RSS, its own cold start) run a script as a
// child: the child prints one `RESULT <json>` line on stdout, and its progress on stderr.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const resultPrefix = 'RESULT ';

export interface ChildOptions {
  /** Node flags before the script (`--expose-gc`, `--cpu-prof`). */
  nodeArgs?: readonly string[];
  env?: Record<string, string>;
}

/** Runs `bench/<script>` in a fresh Node process and returns what it reported. */
export function runChild<T>(script: string, args: readonly string[], options: ChildOptions = {}): Promise<T> {
  const path = fileURLToPath(new URL(script, import.meta.url));
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path, ...args], { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      const line = stdout.split('\n').find((l) => l.startsWith(resultPrefix));
      if (code !== 0 || !line) reject(new Error(`${script} ${args.join(' ')} exited with ${code} without a result.\n${stdout.slice(-2000)}`));
      else resolve(JSON.parse(line.slice(resultPrefix.length)) as T);
    });
  });
}

/** The child's side: prints the result for runChild. */
export function reportResult(value: unknown): void {
  process.stdout.write(`${resultPrefix}${JSON.stringify(value)}\n`);
}

/** `--name value` pairs of a child's command line. */
export function argValue(args: readonly string[], name: string, fallback?: string): string {
  const index = args.indexOf(`--${name}`);
  const value = index >= 0 ? args[index + 1] : fallback;
  if (value === undefined) throw new Error(`Missing --${name}.`);
  return value;
}
