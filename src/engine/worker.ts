// The background loop of a worker process: fire due timers, claim runnable runs (new, resumed
// elsewhere, or abandoned by a dead worker), and deliver the outbox.
import type { Clock } from '../domain/clock.ts';
import type { Db } from '../store/connect.ts';
import type { Engine } from './engine.ts';
import type { EventBus } from './events.ts';
import type { OutboxDispatcher } from './outbox-dispatcher.ts';
import { fireDueTimers } from './timers.ts';

export interface WorkerOptions {
  db: Db;
  engine: Engine;
  clock: Clock;
  events: EventBus;
  dispatcher: OutboxDispatcher;
  pollMs: number;
  concurrency: number;
  /** Other due work found by time (overdue tasks); each returns the runs it resumed. */
  sweeps?: readonly (() => Promise<string[]>)[];
  onError: (error: unknown) => void;
}

export class Worker {
  readonly #o: WorkerOptions;
  #stopping: AbortController | undefined;
  #loop: Promise<void> | undefined;

  constructor(options: WorkerOptions) {
    this.#o = options;
  }

  start(): void {
    if (this.#loop) return;
    const controller = new AbortController();
    this.#stopping = controller;
    this.#loop = this.#run(controller.signal);
  }

  async stop(): Promise<void> {
    this.#stopping?.abort();
    await this.#loop;
    this.#loop = undefined;
  }

  /** One round of work; returns how many items it handled (0 means idle). */
  async tick(): Promise<number> {
    const { db, engine, clock, dispatcher, concurrency } = this.#o;
    const fired = await fireDueTimers(db, engine, clock);
    const swept: string[] = [];
    for (const sweep of this.#o.sweeps ?? []) swept.push(...(await sweep()));
    const claimed = await engine.claimRunnable(concurrency);
    const runIds = [...fired.flatMap((f) => (f.runId ? [f.runId] : [])), ...swept, ...claimed];
    await Promise.all(runIds.map((id) => engine.drive(id)));
    const delivered = await dispatcher.dispatchBatch();
    return runIds.length + delivered + fired.length;
  }

  async #run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let handled = 0;
      try {
        handled = await this.tick();
      } catch (error) {
        this.#o.onError(error);
      }
      if (handled === 0 && !signal.aborted) {
        // Wake early when this process commits something; otherwise poll for other processes' work.
        await this.#o.events.next((e) => e.type === 'run' || e.type === 'task' || e.type === 'message', this.#o.pollMs, signal);
      }
    }
  }
}
