// A handle on one run, rebuildable from its id in any process (seed 002's AgentHandle).
import { SwitchboardError } from '../domain/errors.ts';
import { isTerminalRun, type RunStatus, type RunWait } from '../domain/run.ts';
import type { Engine } from '../engine/engine.ts';
import type { EventBus } from '../engine/events.ts';
import type { Run } from '../engine/run.ts';
import type { Db } from '../store/connect.ts';
import { fromJson } from '../store/json.ts';
import type { HumanTaskService, Resolution } from './human-tasks.ts';

export interface RunSnapshot {
  id: string;
  ticketId: string;
  status: RunStatus;
  waitingFor: RunWait | null;
  state: Record<string, unknown>;
  actionResult: string | null;
  error: string | null;
}

export type RunEvent =
  | { type: 'step'; seq: number; node: string; layer: string; source: string; decision: string | null; confidence: number | null; output: Record<string, unknown> }
  | { type: 'waiting'; waitingFor: RunWait; toolName: string | null; args: Record<string, unknown> | null }
  | { type: 'completed' | 'failed' | 'cancelled'; snapshot: RunSnapshot };

interface HandleDeps {
  db: Db;
  engine: Engine;
  tasks: HumanTaskService;
  events: EventBus;
  /** Poll interval for changes made by other processes. */
  pollMs: number;
}

export class RunHandle {
  readonly id: string;
  readonly #d: HandleDeps;

  constructor(id: string, deps: HandleDeps) {
    this.id = id;
    this.#d = deps;
  }

  async status(): Promise<RunSnapshot> {
    return snapshot(await this.#load());
  }

  async approve(options: { by?: string; args?: Record<string, unknown>; notes?: string } = {}): Promise<RunSnapshot> {
    return this.#decide({ respondedBy: options.by ?? 'api', decision: 'approved', notes: options.notes ?? null, ...(options.args ? { fields: { args: options.args } } : {}) });
  }

  async reject(reason: string, options: { by?: string } = {}): Promise<RunSnapshot> {
    return this.#decide({ respondedBy: options.by ?? 'api', decision: 'rejected', notes: reason });
  }

  /** The run's open approval, decided; the run as the decision left it. */
  async #decide(resolution: Resolution): Promise<RunSnapshot> {
    const resolved = await this.#d.tasks.resolveRunApproval(this.id, resolution);
    if (!resolved) throw await this.#notAwaitingApproval();
    return resolved.run ? snapshot(resolved.run) : this.status();
  }

  /** Waits until the run has finished (completed, failed or cancelled), however long a reviewer takes. */
  async result(options: { signal?: AbortSignal } = {}): Promise<RunSnapshot> {
    for (;;) {
      const run = await this.#load();
      if (isTerminalRun(run.status)) return snapshot(run);
      if (options.signal?.aborted) throw new SwitchboardError('timeout', `Stopped waiting for run ${this.id}.`);
      await this.#wake(options.signal);
    }
  }

  /** Every step as it commits, a `waiting` event at each pause, and the final outcome. Replays from the start. */
  async *stream(options: { signal?: AbortSignal } = {}): AsyncGenerator<RunEvent> {
    let seq = 0;
    let announcedWait: string | null = null;
    for (;;) {
      const steps = await this.#d.db.kysely.selectFrom('steps').selectAll().where('run_id', '=', this.id).where('seq', '>', seq).orderBy('seq').execute();
      for (const step of steps) {
        seq = step.seq;
        yield { type: 'step', seq: step.seq, node: step.node, layer: step.layer, source: step.source, decision: step.decision, confidence: step.confidence === null ? null : Number(step.confidence), output: fromJson<Record<string, unknown>>(step.output, {}) };
      }
      const run = await this.#load();
      if (run.status === 'waiting' && run.wait && announcedWait !== `${run.stepCount}`) {
        announcedWait = `${run.stepCount}`;
        yield { type: 'waiting', waitingFor: run.wait, ...(await this.#proposedCall(run.wait)) };
      }
      if (isTerminalRun(run.status) && run.stepCount === seq) {
        yield { type: run.status as 'completed' | 'failed' | 'cancelled', snapshot: snapshot(run) };
        return;
      }
      if (options.signal?.aborted) return;
      if (steps.length === 0) await this.#wake(options.signal);
    }
  }

  async #proposedCall(wait: RunWait): Promise<{ toolName: string | null; args: Record<string, unknown> | null }> {
    if (wait.kind !== 'approval') return { toolName: null, args: null };
    const task = await this.#d.db.kysely.selectFrom('human_tasks').select('tool_call').where('id', '=', wait.taskId).executeTakeFirst();
    const call = fromJson<{ tool: string; args: Record<string, unknown> } | null>(task?.tool_call, null);
    return { toolName: call?.tool ?? null, args: call?.args ?? null };
  }

  #wake(signal?: AbortSignal): Promise<unknown> {
    return this.#d.events.next((e) => (e.type === 'step' || e.type === 'run') && e.runId === this.id, this.#d.pollMs, signal);
  }

  async #load(): Promise<Run> {
    const run = await this.#d.engine.getRun(this.id);
    if (!run) throw new SwitchboardError('run_not_found', `No run "${this.id}".`);
    return run;
  }

  async #notAwaitingApproval(): Promise<SwitchboardError> {
    const run = await this.#load();
    return new SwitchboardError('not_awaiting_approval', `Run ${this.id} is not waiting for an approval (it is ${run.status}).`);
  }
}

function snapshot(run: Run): RunSnapshot {
  const actionResult = run.state['action_result'];
  return { id: run.id, ticketId: run.ticketId, status: run.status, waitingFor: run.wait, state: run.state, actionResult: typeof actionResult === 'string' ? actionResult : null, error: run.error };
}
