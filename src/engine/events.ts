// In-process notifications after commits: wake waiting streams and SSE clients without polling hot.
// Other processes learn the same facts from the database; these events are only a shortcut.
import { EventEmitter } from 'node:events';
import type { RunStatus } from '../domain/run.ts';

export type EngineEvent =
  /** `durationMs`: from the step's start to its commit, by the engine's clock. */
  | { type: 'step'; runId: string; ticketId: string; projectId: string; workflow: string; seq: number; node: string; status: string; durationMs: number }
  | { type: 'run'; runId: string; ticketId: string; projectId: string; workflow: string; status: RunStatus }
  | { type: 'message'; ticketId: string; projectId: string; messageId: string; role: string }
  | { type: 'task'; taskId: string; projectId: string; status: string }
  /** A change to the ticket itself that no step, message or task carries (its assignee). */
  | { type: 'ticket'; ticketId: string; projectId: string };

export class EventBus {
  readonly #emitter = new EventEmitter();

  constructor() {
    this.#emitter.setMaxListeners(0);
  }

  publish(event: EngineEvent): void {
    this.#emitter.emit('event', event);
  }

  subscribe(listener: (event: EngineEvent) => void): () => void {
    this.#emitter.on('event', listener);
    return () => this.#emitter.off('event', listener);
  }

  /** Resolves at the next event matching `predicate`, or after `timeoutMs` (a poll fallback for other processes). */
  next(predicate: (event: EngineEvent) => boolean, timeoutMs: number, signal?: AbortSignal): Promise<EngineEvent | undefined> {
    return new Promise((resolve) => {
      const finish = (event: EngineEvent | undefined) => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener('abort', onAbort);
        resolve(event);
      };
      const onAbort = () => finish(undefined);
      const unsubscribe = this.subscribe((event) => {
        if (predicate(event)) finish(event);
      });
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      signal?.addEventListener('abort', onAbort);
    });
  }
}
