// Watches a child process's stdout line by line, so tests synchronise on what it prints (never on
// sleeps), and keeps its exit as a promise so every test can reap what it started.
import type { ChildProcess } from 'node:child_process';

interface Waiter {
  pattern: RegExp;
  resolve: (match: RegExpExecArray) => void;
  reject: (error: Error) => void;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ChildLines {
  readonly exited: Promise<ChildExit>;
  readonly #lines: string[] = [];
  readonly #waiters = new Set<Waiter>();
  #partial = '';
  #stderr = '';
  #exit: ChildExit | undefined;

  constructor(child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => this.#onStdout(chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (this.#stderr += chunk));
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => this.#onExit({ code: null, signal: null }, error.message, resolve));
      child.once('close', (code, signal) => this.#onExit({ code, signal }, undefined, resolve));
    });
  }

  /** The first stdout line, already printed or still to come, that matches; rejects at the deadline or exit. */
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpExecArray> {
    const seen = this.#lines.map((line) => pattern.exec(line)).find((m) => m !== null);
    if (seen) return Promise.resolve(seen);
    if (this.#exit) return Promise.reject(this.#failure(pattern, `exited (${describeExit(this.#exit)})`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => settle(() => reject(this.#failure(pattern, `printed nothing matching within ${timeoutMs} ms`))), timeoutMs);
      const settle = (done: () => void) => {
        clearTimeout(timer);
        this.#waiters.delete(waiter);
        done();
      };
      const waiter: Waiter = { pattern, resolve: (m) => settle(() => resolve(m)), reject: (e) => settle(() => reject(e)) };
      this.#waiters.add(waiter);
    });
  }

  /** Everything the child printed, for assertion messages. */
  transcript(): string {
    return `stdout:\n${this.#lines.join('\n')}${this.#partial}\nstderr:\n${this.#stderr}`;
  }

  #onStdout(chunk: string): void {
    const parts = (this.#partial + chunk).split('\n');
    this.#partial = parts.pop() ?? '';
    for (const line of parts) {
      this.#lines.push(line);
      for (const waiter of this.#waiters) {
        const match = waiter.pattern.exec(line);
        if (match) waiter.resolve(match);
      }
    }
  }

  #onExit(exit: ChildExit, spawnError: string | undefined, resolve: (exit: ChildExit) => void): void {
    if (this.#exit) return;
    this.#exit = exit;
    if (spawnError) this.#stderr += spawnError;
    for (const waiter of this.#waiters) waiter.reject(this.#failure(waiter.pattern, `exited (${describeExit(exit)})`));
    resolve(exit);
  }

  #failure(pattern: RegExp, what: string): Error {
    return new Error(`The child process ${what} before printing ${pattern}.\n${this.transcript()}`);
  }
}

function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
