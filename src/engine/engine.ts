// The executor: claims runs with leases and advances them one committed step at a time.
// Nothing about a run lives in memory between steps; any process can continue any run.
import type { Kysely, QueryCreator, Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { SwitchboardError, isSwitchboardError } from '../domain/errors.ts';
import { isTransientStoreError } from '../store/store-errors.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { assertRunMove, type ResumeValue, type RunWait } from '../domain/run.ts';
import type { Db } from '../store/connect.ts';
import { readingOwnWrites } from '../store/deferred-commit.ts';
import { fromJson, toJson } from '../store/json.ts';
import type { Database } from '../store/schema.ts';
import { writeTogether, type Write } from '../store/write-batch.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import type { PolicyBook } from '../policy/approval-policy.ts';
import { callToolJournalled, decideApproval, parseToolArgs, policyInput, type EffectHooks } from './effects.ts';
import type { EventBus } from './events.ts';
import { END, sessionOf, targetsOf, type NodeContext, type NodeOutcome, type Workflow, type WorkflowState } from './graph.ts';
import { runFromRow, type Run } from './run.ts';
import type { TriggerSet } from '../escalation/triggers.ts';
import type { Priority } from '../domain/ticket.ts';
import { afterEscalation, errorKindOf, escalateIfTriggered, escalationNode, stepAfterError } from './escalation-step.ts';
import type { ErrorKind, OnErrorPolicy } from '../escalation/on-error.ts';
import { commitStep, LeaseLostError, outcomeRunStatus, type StepResult } from './step-commit.ts';
import type { WorkflowRegistry } from './workflow-registry.ts';
import { withVersionNote, type PinnedDefinitions } from './pinned-definitions.ts';

export interface EngineOptions {
  db: Db;
  workflows: WorkflowRegistry;
  tools: ToolRegistry;
  /** Each run's version: recorded when it starts, and what it continues on after a deploy. */
  definitions: PinnedDefinitions;
  clock: Clock;
  ids: IdGenerator;
  events: EventBus;
  workerId: string;
  leaseMs: number;
  hooks?: EffectHooks;
  /** Seed 001's escalation triggers, evaluated after every step. */
  escalations?: TriggerSet;
  /** Minutes until a new task of this priority is due (the inbox SLA), if any. */
  taskDueMinutes?: (priority: Priority) => number | undefined;
  /** Seed 001's ON_ERROR for tool errors and routing failures; undefined keeps the engine's own retries. */
  onErrorPolicy?: (kind: ErrorKind) => OnErrorPolicy | undefined;
  onStepError?: (run: Run, error: unknown) => void;
  onDriveError?: (runId: string, error: unknown) => void;
  /** A run that takes more steps than this is stopped and handed to a person (a loop, a runaway agent). */
  maxStepsPerRun?: number;
  /** Model tokens a ticket may use over all its runs; past it the next step hands the ticket to a person. */
  tokenBudgetPerTicket?: number | null;
  /** Wraps each stretch of a run this worker drives (its start, or a resumption, until it stops): a trace span. */
  driveScope?: DriveScope;
}

/** Runs `advance` (which drives the run until it waits, ends or is lost) inside whatever it sets up. */
export type DriveScope = (run: Run, advance: () => Promise<Run | undefined>) => Promise<Run | undefined>;

export interface NewRun {
  projectId: string;
  ticketId: string;
  workflow: string;
  state: WorkflowState;
}

type Executor = Kysely<Database> | Transaction<Database>;

export class Engine {
  readonly #o: EngineOptions;

  constructor(options: EngineOptions) {
    this.#o = options;
  }

  get workerId(): string {
    return this.#o.workerId;
  }

  /** Inserts a run already leased to this worker, so the caller can drive it without racing the pollers. */
  async createRun(trx: Executor, input: NewRun): Promise<Run> {
    const { run, writes } = this.newRun(trx, input);
    await writeTogether(trx, this.#o.db.dialect, writes);
    return run;
  }

  /** `createRun`'s writes, for a caller that sends them with others (`writeTogether`), and the run they make. */
  newRun(db: QueryCreator<Database>, input: NewRun): { run: Run; writes: Write[] } {
    const workflow = this.#o.workflows.get(input.workflow);
    const now = isoAt(this.#o.clock);
    const version = this.#o.definitions.recordFor(db, input.projectId, workflow.name);
    const row = {
      id: this.#o.ids(),
      project_id: input.projectId,
      ticket_id: input.ticketId,
      workflow: workflow.name,
      status: 'running',
      current_node: workflow.start,
      state: toJson(input.state),
      wait: null,
      resume_value: null,
      step_count: 0,
      attempts: 0,
      lease_owner: this.#o.workerId,
      lease_expires_at: isoAt(this.#o.clock, this.#o.leaseMs),
      available_at: now,
      error: null,
      version: 0,
      created_at: now,
      updated_at: now,
      finished_at: null,
      definition_version: version.hash,
      trace_context: null,
      compacted_at: null,
    };
    const writes: Write[] = version.insert ? [version.insert] : [];
    writes.push(db.insertInto('runs').values(row));
    return { run: { ...runFromRow(row), state: input.state }, writes };
  }

  /**
   * Hands the answer to a waiting run and leases it to this worker: returns the run as it now is, to
   * drive once the transaction commits, or null if it no longer waits (the answer is stale).
   */
  async resumeRun(trx: Executor, runId: string, answer: ResumeValue): Promise<Run | null> {
    const row = await this.resumeUpdate(trx, runId, answer).executeTakeFirst();
    return row ? runFromRow(row) : null;
  }

  /** The update behind resumeRun, to send with other writes (a decision's, `writeGuarded`): it returns the run's row if the run waited, else nothing. */
  resumeUpdate(db: Executor, runId: string, answer: ResumeValue) {
    const now = isoAt(this.#o.clock);
    return db
      .updateTable('runs')
      .set((eb) => ({
        status: 'running',
        wait: null,
        resume_value: toJson(answer),
        lease_owner: this.#o.workerId,
        lease_expires_at: isoAt(this.#o.clock, this.#o.leaseMs),
        available_at: now,
        updated_at: now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', runId)
      .where('status', '=', 'waiting')
      .returningAll();
  }

  /** Claims runnable runs: queued ones that are due, and running ones whose worker's lease expired. */
  async claimRunnable(limit: number): Promise<string[]> {
    const { db, clock, workerId, leaseMs } = this.#o;
    const now = isoAt(clock);
    return db.kysely.transaction().execute(async (trx) => {
      const rows = await db.dialect
        .lockForClaim(
          trx
            .selectFrom('runs')
            .select(['id'])
            .where((eb) =>
              eb.or([
                eb.and([eb('status', '=', 'queued'), eb('available_at', '<=', now)]),
                eb.and([eb('status', '=', 'running'), eb('lease_expires_at', '<', now)]),
              ]),
            )
            .orderBy('available_at')
            .limit(limit),
        )
        .execute();
      if (rows.length === 0) return [];
      const ids = rows.map((r) => r.id);
      await trx
        .updateTable('runs')
        .set((eb) => ({ status: 'running', lease_owner: workerId, lease_expires_at: isoAt(clock, leaseMs), updated_at: now, version: eb('version', '+', 1) }))
        .where('id', 'in', ids)
        .execute();
      return ids;
    });
  }

  /**
   * Advances a run this worker holds until it waits, finishes, fails or the lease is lost.
   * Returns undefined when it could not (not leased here, lease lost, or the database failed).
   * `leased` is the run as a committed `createRun` or `resumeRun` of this worker returned it, which
   * spares reading it again; a run that moved on since fails its first step's guarded commit.
   */
  drive(runId: string, leased?: Run): Promise<Run | undefined> {
    // A drive reads back what it just committed, before the disk has it (src/store/deferred-commit.ts).
    return readingOwnWrites(() => this.#drive(runId, leased));
  }

  async #drive(runId: string, leased: Run | undefined): Promise<Run | undefined> {
    const owned = leased?.id === runId && isOwnedBy(leased, this.#o.workerId) ? leased : await this.#loadOwned(runId);
    const heartbeat = this.#startHeartbeat(runId);
    const advance = async () => {
      let run = owned;
      while (run && run.status === 'running') {
        run = await this.#advance(run);
      }
      return run;
    };
    try {
      return owned && this.#o.driveScope ? await this.#o.driveScope(owned, advance) : await advance();
    } catch (error) {
      // The answer that made the run runnable is already committed: an infrastructure failure here
      // only delays the run, which another worker continues once this lease expires.
      if (!(error instanceof LeaseLostError)) this.#o.onDriveError?.(runId, error);
      return undefined;
    } finally {
      clearInterval(heartbeat);
    }
  }

  async getRun(runId: string): Promise<Run | undefined> {
    const row = await this.#o.db.kysely.selectFrom('runs').selectAll().where('id', '=', runId).executeTakeFirst();
    return row ? runFromRow(row) : undefined;
  }

  async #loadOwned(runId: string): Promise<Run | undefined> {
    const run = await this.getRun(runId);
    return run && isOwnedBy(run, this.#o.workerId) ? run : undefined;
  }

  /** Long tool calls must not lose the lease: renew it while a step executes. */
  #startHeartbeat(runId: string): NodeJS.Timeout {
    const { db, clock, workerId, leaseMs } = this.#o;
    const timer = setInterval(() => {
      db.kysely
        .updateTable('runs')
        .set({ lease_expires_at: isoAt(clock, leaseMs) })
        .where('id', '=', runId)
        .where('lease_owner', '=', workerId)
        .where('status', '=', 'running')
        .execute()
        .catch(() => undefined);
    }, Math.max(50, Math.floor(leaseMs / 3)));
    timer.unref();
    return timer;
  }

  async #advance(run: Run): Promise<Run> {
    const { workflow, policies, note, unavailable } = await this.#o.definitions.forRun(run);
    const nodeName = run.currentNode ?? workflow.start;
    const seq = run.stepCount + 1;
    const startedAt = this.#o.clock.now();
    let committing = false;
    try {
      if (unavailable) throw unavailable;
      await this.#assertWithinLimits(run, seq);
      const outcome = await this.#withApprovalChain(run, policies, await this.#execute(workflow, nodeName, run, this.#context(run, seq, policies)));
      const step = escalateIfTriggered(this.#o.escalations, this.#stepFromOutcome(workflow, run, nodeName, seq, startedAt, withVersionNote(outcome, note)));
      committing = true;
      const committed = await commitStep(this.#commitDeps(), run, step);
      this.#publish(committed.run, step, committed.messageId, committed.taskId);
      return committed.run;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      this.#o.onStepError?.(run, error);
      const kind = committing ? null : errorKindOf(error);
      const policy = kind ? this.#o.onErrorPolicy?.(kind) : undefined;
      if (kind && policy) {
        if (run.attempts < policy.retry) return this.#retryLater(run, error);
        const step = stepAfterError(run, nodeName, seq, startedAt, error, kind, policy);
        const committed = await commitStep(this.#commitDeps(), run, step);
        this.#publish(committed.run, step, committed.messageId, committed.taskId);
        return committed.run;
      }
      // A failed commit (the database, not the node) is transient until the attempts run out.
      const retryable = committing || isRetryable(error);
      if (retryable && run.attempts + 1 < maxAttempts) return this.#retryLater(run, error);
      return this.#fail(run, failedStep(run, nodeName, seq, startedAt, error));
    }
  }

  /** The step cap and the ticket's token budget; either stops the run (not retried) for a person. */
  async #assertWithinLimits(run: Run, seq: number): Promise<void> {
    const maxSteps = this.#o.maxStepsPerRun ?? 100;
    if (seq > maxSteps) throw new SwitchboardError('budget_exceeded', `The run reached its limit of ${maxSteps} steps; a person takes it from here.`, { limit: 'max_steps_per_run' });
    const budget = this.#o.tokenBudgetPerTicket;
    if (budget === null || budget === undefined) return;
    const used = await this.#o.db.kysely
      .selectFrom('steps')
      .innerJoin('runs', 'runs.id', 'steps.run_id')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>(eb('steps.tokens_in', '+', eb.ref('steps.tokens_out'))), eb.lit(0)).as('tokens'))
      .where('runs.ticket_id', '=', run.ticketId)
      .executeTakeFirstOrThrow();
    if (Number(used.tokens) >= budget) throw new SwitchboardError('budget_exceeded', `The ticket used its budget of ${budget} model tokens; a person takes it from here.`, { limit: 'tokens_per_ticket', used: Number(used.tokens) });
  }

  /** The policy, not the node, says who must approve: a chain's steps go with the approval wait. */
  async #withApprovalChain(run: Run, policies: PolicyBook, outcome: NodeOutcome<WorkflowState>): Promise<NodeOutcome<WorkflowState>> {
    if (outcome.kind !== 'interrupt' || outcome.wait.kind !== 'approval') return outcome;
    const call = outcome.wait.task.toolCall;
    // A workflow may ask a person about something that is not a registered tool: no chain applies.
    if (!call || !this.#o.tools.has(call.tool)) return outcome;
    const { tool, args } = call;
    const policy = policies.get(tool);
    const chain = policy.chainFor(await policyInput(this.#o.db, run.id, args, sessionOf({ ...run.state, ...outcome.update }), policy));
    return chain.length === 0 ? outcome : { ...outcome, wait: { kind: 'approval', task: { ...outcome.wait.task, chain } } };
  }

  /** Moves a run waiting on one approval task to the next task of its chain. */
  async rewaitApproval(trx: Executor, runId: string, fromTaskId: string, toTaskId: string): Promise<'applied' | 'stale'> {
    const row = await trx.selectFrom('runs').select(['wait', 'status']).where('id', '=', runId).executeTakeFirst();
    const wait = fromJson<RunWait | null>(row?.wait ?? null, null);
    if (row?.status !== 'waiting' || wait?.kind !== 'approval' || wait.taskId !== fromTaskId) return 'stale';
    await trx
      .updateTable('runs')
      .set((eb) => ({ wait: toJson({ kind: 'approval', taskId: toTaskId }), updated_at: isoAt(this.#o.clock), version: eb('version', '+', 1) }))
      .where('id', '=', runId)
      .where('status', '=', 'waiting')
      .execute();
    return 'applied';
  }

  /** Records the failed step; if even that cannot be committed, marks the run failed without it. */
  async #fail(run: Run, step: StepResult): Promise<Run> {
    try {
      const committed = await commitStep(this.#commitDeps(), run, step);
      this.#publish(committed.run, step, committed.messageId, committed.taskId);
      return committed.run;
    } catch (error) {
      if (error instanceof LeaseLostError) throw error;
      assertRunMove(run.id, run.status, 'failed');
      const { db, clock, workerId } = this.#o;
      const now = isoAt(clock);
      const result = await db.kysely
        .updateTable('runs')
        .set({ status: 'failed', error: step.error, lease_owner: null, lease_expires_at: null, version: run.version + 1, updated_at: now, finished_at: now })
        .where('id', '=', run.id)
        .where('lease_owner', '=', workerId)
        .where('version', '=', run.version)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(run.id);
      this.#o.events.publish({ type: 'run', runId: run.id, ticketId: run.ticketId, projectId: run.projectId, workflow: run.workflow, status: 'failed' });
      return { ...run, status: 'failed', error: step.error, leaseOwner: null, leaseExpiresAt: null, version: run.version + 1, finishedAt: now };
    }
  }

  async #execute(workflow: Workflow, nodeName: string, run: Run, ctx: NodeContext<WorkflowState>): Promise<NodeOutcome<WorkflowState>> {
    if (nodeName === escalationNode) return afterEscalation(this.#o.escalations, run.state, run.resumeValue);
    const node = workflow.nodes[nodeName];
    if (!node) throw new SwitchboardError('invalid_config', `Workflow "${workflow.name}" has no node "${nodeName}".`);
    if (run.resumeValue === null) return node.run(ctx);
    if (!node.resume) throw new SwitchboardError('invalid_config', `Node "${nodeName}" was resumed but has no continuation.`);
    return node.resume(ctx, run.resumeValue);
  }

  #stepFromOutcome(workflow: Workflow, run: Run, node: string, seq: number, startedAt: Date, outcome: NodeOutcome<WorkflowState>): StepResult {
    const state = { ...run.state, ...outcome.update };
    const nextNode = outcome.kind === 'interrupt' ? null : nextNodeAfter(workflow, node, state, outcome.goto);
    return {
      node,
      seq,
      startedAt,
      record: outcome.record,
      status: 'succeeded',
      inputSnapshot: inputSnapshotOf(run),
      state,
      nextNode,
      runStatus: outcomeRunStatus(outcome, nextNode),
      wait: outcome.kind === 'interrupt' ? outcome.wait : null,
      reply: outcome.reply,
      ticket: outcome.ticket,
      task: outcome.task,
      email: outcome.email,
      error: null,
    };
  }

  /** `policies` are those of the run's version. */
  #context(run: Run, seq: number, policies: PolicyBook): NodeContext<WorkflowState> {
    let callIndex = 0;
    const { db, tools, clock, ids, hooks } = this.#o;
    const session = sessionOf(run.state);
    return {
      runId: run.id,
      ticketId: run.ticketId,
      projectId: run.projectId,
      state: run.state,
      clock,
      callTool: (name, args) => callToolJournalled({ db, tools, policies, clock, ids, hooks: hooks ?? {} }, { runId: run.id, projectId: run.projectId, stepSeq: seq, callIndex: callIndex++ }, name, args, session),
      approvalFor: async (name, raw) => {
        const args = parseToolArgs(tools, name, raw);
        return { ...(await decideApproval({ db, policies }, run.id, name, args, session)), args };
      },
      hasTool: (name) => tools.has(name),
      conversation: async () =>
        (await db.kysely.selectFrom('messages').select(['role', 'body', 'created_at']).where('ticket_id', '=', run.ticketId).orderBy('id').execute()).map((m) => ({ role: m.role, body: m.body, createdAt: m.created_at })),
    };
  }

  /** A transient failure: release the run with backoff; the step re-executes later with the same keys. */
  async #retryLater(run: Run, error: unknown): Promise<Run> {
    const { db, clock, workerId } = this.#o;
    assertRunMove(run.id, run.status, 'queued');
    const attempts = run.attempts + 1;
    const availableAt = isoAt(clock, retryDelayMs(attempts));
    const message = error instanceof Error ? error.message : String(error);
    const result = await db.kysely
      .updateTable('runs')
      .set({ status: 'queued', attempts, available_at: availableAt, lease_owner: null, lease_expires_at: null, error: message, version: run.version + 1, updated_at: isoAt(clock) })
      .where('id', '=', run.id)
      .where('lease_owner', '=', workerId)
      .where('version', '=', run.version)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new LeaseLostError(run.id);
    return { ...run, status: 'queued', attempts, leaseOwner: null, leaseExpiresAt: null, error: message, version: run.version + 1 };
  }

  #commitDeps() {
    const { db, clock, ids, workerId, leaseMs, taskDueMinutes } = this.#o;
    return { db, clock, ids, workerId, leaseMs, taskDueMinutes };
  }

  #publish(run: Run, step: StepResult, messageId: string | null, taskId: string | null): void {
    const { events } = this.#o;
    const base = { runId: run.id, ticketId: run.ticketId, projectId: run.projectId, workflow: run.workflow };
    const durationMs = Math.max(0, this.#o.clock.now().getTime() - step.startedAt.getTime());
    events.publish({ type: 'step', ...base, seq: step.seq, node: step.node, status: step.status, durationMs });
    if (messageId) events.publish({ type: 'message', ticketId: run.ticketId, projectId: run.projectId, messageId, role: 'assistant' });
    if (taskId) events.publish({ type: 'task', taskId, projectId: run.projectId, status: 'pending' });
    if (run.status !== 'running') events.publish({ type: 'run', ...base, status: run.status });
  }
}

const maxAttempts = 5;

function isOwnedBy(run: Run, workerId: string): boolean {
  return run.status === 'running' && run.leaseOwner === workerId;
}

/** A store that is briefly away (a restart, a failover) is retried like any transient failure. */
function isRetryable(error: unknown): boolean {
  return (isSwitchboardError(error) && error.retryable) || isTransientStoreError(error);
}

function retryDelayMs(attempts: number): number {
  return Math.min(60_000, 500 * 2 ** (attempts - 1));
}

function nextNodeAfter(workflow: Workflow, node: string, state: WorkflowState, goto: string | undefined): string | null {
  const target = goto ?? routeFrom(workflow, node, state);
  // The declared edges are the graph people see: a node may not jump anywhere else. The engine's
  // escalation wait goes back to where the run was headed, which an edge of that node declared.
  if (goto !== undefined && node !== escalationNode && !targetsOf(workflow, node).includes(goto)) throw new SwitchboardError('invalid_config', `Node "${node}" jumped to "${goto}", which is not one of its edges (${targetsOf(workflow, node).join(', ')}).`, { kind: 'routing_failure' });
  if (target !== END && !workflow.nodes[target]) throw new SwitchboardError('invalid_config', `Node "${node}" routed to unknown node "${target}".`, { kind: 'routing_failure' });
  return target === END ? null : target;
}

function routeFrom(workflow: Workflow, node: string, state: WorkflowState): string {
  const edge = workflow.edges[node];
  if (!edge) return END;
  if (edge.kind === 'direct') return edge.to;
  const key = edge.route(state);
  const target = edge.targets[key];
  if (target === undefined) throw new SwitchboardError('invalid_config', `Node "${node}" produced route "${key}", which has no edge.`, { kind: 'routing_failure' });
  return target;
}

function inputSnapshotOf(run: Run): string | null {
  if (run.resumeValue?.kind === 'customer') return run.resumeValue.text;
  const message = run.state['message'];
  return typeof message === 'string' ? message : null;
}

function failedStep(run: Run, node: string, seq: number, startedAt: Date, error: unknown): StepResult {
  const message = error instanceof Error ? error.message : String(error);
  const code = isSwitchboardError(error) ? error.code : 'internal';
  return {
    node,
    seq,
    startedAt,
    record: { layer: 'system', source: 'engine', decision: 'error', confidence: null, payload: { status: 'failed', error_code: code, error: message } },
    status: 'failed',
    inputSnapshot: inputSnapshotOf(run),
    state: run.state,
    nextNode: null,
    runStatus: 'failed',
    wait: null,
    reply: 'Sorry, something went wrong while handling your request. A member of our team will follow up.',
    ticket: { status: 'with_human' },
    task: undefined,
    error: `${code}: ${message}`,
  };
}
