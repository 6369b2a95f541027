// The composition root: builds every part from one set of options. Tests build it the same way.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { systemClock, isoAt, type Clock } from '../domain/clock.ts';
import { silentLogger, type Logger } from '../domain/logger.ts';
import { createIdGenerator, type IdGenerator } from '../domain/ids.ts';
import { openDatabase, type Db, type StoreTarget } from '../store/connect.ts';
import { migrateToLatest } from '../store/migrate.ts';
import { explainStoreError } from '../store/store-errors.ts';
import { Engine } from '../engine/engine.ts';
import { EventBus } from '../engine/events.ts';
import type { EffectHooks } from '../engine/effects.ts';
import type { Workflow, WorkflowState } from '../engine/graph.ts';
import type { OutboxSink } from '../engine/outbox.ts';
import { OutboxDispatcher } from '../engine/outbox-dispatcher.ts';
import { Worker } from '../engine/worker.ts';
import { WorkflowRegistry } from '../engine/workflow-registry.ts';
import type { Tool } from '../tools/tool.ts';
import { ToolRegistry } from '../tools/tool-registry.ts';
import { agentAvailabilityTool } from '../tools/agent-availability.ts';
import { demoTools, seedDemoStore } from '../demo/demo-store.ts';
import { demoConfigPath, loadConfigFile, parseConfig, type LoadedConfig } from '../config/load-config.ts';
import { createModelClient, type ModelClient } from '../llm/model-client.ts';
import { resolveModelConfig } from '../llm/model-config.ts';
import type { PolicyBook } from '../policy/approval-policy.ts';
import { compileTriggers, onErrorPolicy } from '../escalation/triggers.ts';
import type { IntentPredictor } from '../triage/triage.ts';
import { supportTriageWorkflow } from '../workflows/support-triage/workflow.ts';
import { supportWorkflowName } from '../workflows/support-triage/state.ts';
import { intentClassifierFor, policiesFor, supportWorkflowDeps } from './support-setup.ts';
import { ChatService } from './chat.ts';
import { HumanTaskService } from './human-tasks.ts';
import { TicketQueries } from './ticket-queries.ts';
import { AgentReplies } from './agent-replies.ts';
import { TicketAssignments } from './ticket-assignment.ts';
import { TaskSla } from './task-sla.ts';
import { OutboxDeliveries } from './outbox-deliveries.ts';
import { createMailer, type Mailer } from '../notify/email/mailer.ts';
import { configuredSinks } from '../notify/sinks.ts';
import { buildTaskNotice, type TaskNotice } from '../notify/task-notice.ts';
import { decideAsReviewer, type ReviewerDecision } from './reviewer-decisions.ts';
import type { ResolveResult } from './human-tasks.ts';
import { connectMcpServers, type McpTools } from '../tools/mcp/mcp-tools.ts';
import { createHttpTools } from '../tools/http/http-tools.ts';
import { assertDefaultWorkflow, assertFlowTools, flowTexts, flowWorkflows, loadFlows, rebuildFlow } from './flow-setup.ts';
import { PinnedDefinitions } from '../engine/pinned-definitions.ts';
import { RunHandle } from './run-handle.ts';
import { rehearse, rehearsalWorkflowName } from './rehearsal.ts';
import { RetentionSchedule } from './retention-schedule.ts';
import type { IdentityDeps } from '../auth/identity-deps.ts';
import type { TracerProvider } from '@opentelemetry/api';
import { Observability } from '../observability/observability-setup.ts';
import { runSpans } from '../observability/run-spans.ts';
import type { SwitchboardMetrics } from '../observability/switchboard-metrics.ts';

export const defaultProjectId = 'default';

export type { Logger };

export interface SwitchboardOptions {
  store: StoreTarget;
  clock?: Clock;
  ids?: IdGenerator;
  workerId?: string;
  /** How long a worker owns a run without renewing; a dead worker's runs move on after this. */
  leaseMs?: number;
  /** How often an idle worker looks for work committed by other processes. */
  pollMs?: number;
  concurrency?: number;
  workflows?: readonly Workflow<WorkflowState>[];
  tools?: readonly Tool[];
  defaultWorkflow?: string;
  hooks?: EffectHooks;
  /** Where outbox events are delivered; by default the log plus every destination the configuration names. */
  sinks?: readonly OutboxSink[];
  /** Where links in notifications point; beats the config's `public_url`; default http://localhost:3000. */
  publicUrl?: string;
  /** Fills `${NAME}` in channel secrets; default `process.env`. */
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  /** Apply pending migrations on open (default true). */
  migrate?: boolean;
  /** The loaded switchboard.yaml; by default the demo configuration. */
  config?: LoadedConfig;
  /** The model layer; by default from the config's `llm:` section and SWITCHBOARD_MODEL. Null: offline. */
  model?: ModelClient | null;
  /** The intent classifier; by default trained from the config's examples. */
  classifier?: IntentPredictor;
  /** Where a classifier trained from the config's examples is kept between starts. */
  cacheDir?: string;
  /** Tools of the configured MCP servers; connected by createSwitchboard. */
  mcp?: McpTools;
  /** Where run spans go (the app's OpenTelemetry SDK); default: the global provider, a no-op until an SDK registers one. */
  tracerProvider?: TracerProvider;
  /** Compact finished runs on the config's `retention.schedule_minutes` in this process's worker (the serve and worker commands do; default off). */
  scheduleRetention?: boolean;
  /**
   * Drive one rehearsal run, rolled back, before returning, so the first real call does not pay for
   * code and statements running for the first time (src/app/rehearsal.ts; the serve and worker
   * commands do; default off: a short-lived process would pay for it and gain nothing).
   */
  rehearse?: boolean;
}

export interface StartOptions {
  message: string;
  threadId?: string;
  workflow?: string;
  projectId?: string;
  customerEmail?: string;
}

export class Switchboard {
  readonly db: Db;
  readonly clock: Clock;
  readonly events: EventBus;
  readonly engine: Engine;
  readonly workflows: WorkflowRegistry;
  readonly tools: ToolRegistry;
  readonly policies: PolicyBook;
  /** Each run's version of its workflow, tools and policies, and what a paused run resumes on. */
  readonly definitions: PinnedDefinitions;
  readonly config: LoadedConfig;
  readonly model: ModelClient | null;
  /** The intent classifier triage asks (the dashboard shows its calibration curve). */
  readonly classifier: IntentPredictor;
  readonly chat: ChatService;
  readonly tasks: HumanTaskService;
  readonly tickets: TicketQueries;
  readonly replies: AgentReplies;
  /** Who has a ticket (`assign`). */
  readonly ticketAssignments: TicketAssignments;
  readonly sla: TaskSla;
  readonly dispatcher: OutboxDispatcher;
  /** Deliveries per destination, dead letters and redelivery. */
  readonly deliveries: OutboxDeliveries;
  readonly worker: Worker;
  readonly logger: Logger;
  /** Users, sessions and API keys live in the same store. */
  readonly identity: IdentityDeps;
  /** Where links in notifications point (no trailing slash). */
  readonly publicUrl: string;
  /** Fills `${NAME}` in channel secrets, for the sinks and for the chat callbacks that check signatures. */
  readonly env: NodeJS.ProcessEnv;
  /** Prometheus metrics of this instance, served at /metrics. */
  readonly metrics: SwitchboardMetrics;
  /** Where trained classifiers are kept between starts (a replay's changed configuration trains there too). */
  readonly cacheDir: string | undefined;
  readonly #pollMs: number;
  readonly #mailer: Mailer;
  readonly #mcp: McpTools | undefined;

  /** `db` is the store, open and migrated; what else `createSwitchboard` does with its options (open, migrate, rehearse) is done. */
  constructor(db: Db, options: Omit<SwitchboardOptions, 'store' | 'migrate' | 'rehearse'>) {
    this.db = db;
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger;
    this.#pollMs = options.pollMs ?? 250;
    const ids = options.ids ?? createIdGenerator();
    const workerId = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
    this.events = new EventBus();
    this.identity = { db, clock: this.clock, ids };
    this.config = options.config ?? loadConfigFile(demoConfigPath);
    this.cacheDir = options.cacheDir;
    this.#mcp = options.mcp;
    const observability = new Observability({ config: this.config, env: options.env ?? process.env, db, clock: this.clock, events: this.events, tracerProvider: options.tracerProvider, workflows: () => this.workflows.list().map((w) => w.name), destinations: () => this.dispatcher.destinations });
    this.metrics = observability.metrics;
    this.tools = new ToolRegistry(observability.tools([...demoTools(db, this.clock, ids), agentAvailabilityTool(db, this.clock, this.config.file.live_agents), ...(options.mcp?.tools ?? []), ...createHttpTools(this.config.file.http_tools), ...(options.tools ?? [])]));
    this.policies = policiesFor(this.config, this.tools);
    const flows = loadFlows(this.config, [supportWorkflowName]);
    assertFlowTools(flows, (name) => this.tools.has(name), this.tools.list().map((tool) => tool.name));
    this.model = observability.model(options.model === undefined ? modelFor(this.config) : options.model);
    this.classifier = options.classifier ?? intentClassifierFor(this.config, { cacheDir: options.cacheDir });
    const support = supportTriageWorkflow(supportWorkflowDeps(this.config, this.tools, this.model, this.classifier));
    this.workflows = new WorkflowRegistry([support as unknown as Workflow, ...flowWorkflows(this.config, flows), ...(options.workflows ?? [])]);
    if (options.defaultWorkflow === undefined) assertDefaultWorkflow(this.config, this.workflows.list().map((workflow) => workflow.name));
    const config = this.config;
    this.definitions = new PinnedDefinitions({ db, clock: this.clock, workflows: this.workflows, tools: this.tools, policies: this.policies, policyConfig: config.file.tools, flows: flowTexts(flows), rebuildFlow: (name, text, source) => rebuildFlow(config, name, text, source), onCodeChange: config.file.versions.on_code_change });
    this.definitions.computeCurrent();
    this.engine = new Engine({
      db,
      workflows: this.workflows,
      tools: this.tools,
      definitions: this.definitions,
      escalations: compileTriggers(this.config.file.escalation),
      taskDueMinutes: (priority) => this.config.file.inbox.sla_minutes[priority],
      onErrorPolicy: (kind) => (this.config.file.escalation?.on_error[kind] ? onErrorPolicy(this.config.file.escalation, kind) : undefined),
      clock: this.clock,
      ids,
      events: this.events,
      workerId,
      leaseMs: options.leaseMs ?? 30_000,
      hooks: options.hooks ?? {},
      driveScope: runSpans(observability.telemetry, db, workerId),
      maxStepsPerRun: this.config.file.limits.max_steps_per_run,
      // Offline there are no model tokens to count, and no query to make per step.
      tokenBudgetPerTicket: this.model ? this.config.file.limits.tokens_per_ticket : null,
      onStepError: (run, error) => this.logger.warn({ runId: run.id, err: error }, 'step failed'),
      onDriveError: (runId, error) => this.logger.error({ runId, err: error }, 'run could not be advanced; it continues when its lease expires'),
    });
    this.tasks = new HumanTaskService({ db, engine: this.engine, clock: this.clock, ids, events: this.events, taskDueMinutes: (priority) => this.config.file.inbox.sla_minutes[priority] });
    this.sla = new TaskSla({ db, engine: this.engine, clock: this.clock, ids, events: this.events, inbox: this.config.file.inbox });
    this.tickets = new TicketQueries(db, this.clock);
    this.replies = new AgentReplies({ db, tickets: this.tickets, clock: this.clock, ids, events: this.events });
    this.ticketAssignments = new TicketAssignments({ db, tickets: this.tickets, clock: this.clock, ids, events: this.events });
    this.chat = new ChatService({ db, engine: this.engine, workflows: this.workflows, tasks: this.tasks, tickets: this.tickets, events: this.events, clock: this.clock, ids, defaultWorkflow: options.defaultWorkflow ?? this.config.file.default_workflow, settleTimeoutMs: 30_000 });
    this.publicUrl = (options.publicUrl ?? this.config.file.public_url ?? 'http://localhost:3000').replace(/\/+$/, '');
    this.env = options.env ?? process.env;
    this.#mailer = createMailer(this.config.file.email, { logger: this.logger });
    this.dispatcher = new OutboxDispatcher({ db, clock: this.clock, workerId, ids, sinks: options.sinks ?? this.#configuredSinks(ids, options.env ?? process.env), onError: (delivery, error) => this.logger.warn({ outboxId: delivery.id, deliveryId: delivery.deliveryId, destination: delivery.destination, topic: delivery.topic, attempt: delivery.attempt, err: error }, 'outbox delivery failed') });
    this.deliveries = new OutboxDeliveries({ db, clock: this.clock, ids });
    const retention = new RetentionSchedule({ db, clock: this.clock, ids, config: this.config.file.retention, workerId, logger: this.logger });
    const retentionSweeps = options.scheduleRetention && retention.enabled ? [() => retention.sweep()] : [];
    this.worker = new Worker({ db, engine: this.engine, clock: this.clock, events: this.events, dispatcher: this.dispatcher, pollMs: this.#pollMs, concurrency: options.concurrency ?? 8, sweeps: [() => this.sla.escalateOverdue(), ...retentionSweeps], onError: (error) => this.logger.error({ err: error }, 'worker tick failed') });
  }

  /** A decision from a one-click link or a chat button, under the same rules as the API. */
  decideAsReviewer(decision: ReviewerDecision): Promise<ResolveResult> {
    return decideAsReviewer({ identity: this.identity, tasks: this.tasks, approvalLimits: this.config.file.approval_limits }, decision);
  }

  /** What a reviewer notification says about a task. */
  notice(projectId: string, taskId: string): Promise<TaskNotice> {
    return buildTaskNotice({ db: this.db, tasks: this.tasks, project: this.config.file.project, publicUrl: this.publicUrl }, projectId, taskId);
  }

  #configuredSinks(ids: IdGenerator, env: NodeJS.ProcessEnv): OutboxSink[] {
    return configuredSinks({ config: this.config, db: this.db, clock: this.clock, ids, logger: this.logger, mailer: this.#mailer, identity: this.identity, env, publicUrl: this.publicUrl, notice: (projectId, taskId) => this.notice(projectId, taskId) });
  }

  /** Code-first entry (seeds 002 and 004): runs until the workflow pauses or finishes, then returns a handle. */
  async start(options: StartOptions): Promise<RunHandle> {
    const runId = await this.chat.submit({ projectId: options.projectId ?? defaultProjectId, message: options.message, threadId: options.threadId, workflow: options.workflow, customerEmail: options.customerEmail });
    return this.handle(runId);
  }

  /** Rebuilds a handle from a run id, in this or any other process. */
  handle(runId: string): RunHandle {
    return new RunHandle(runId, { db: this.db, engine: this.engine, tasks: this.tasks, events: this.events, pollMs: this.#pollMs });
  }

  /**
   * Drives one rehearsal run (a message, an approval, a gated tool call, the end) on this store inside
   * a transaction that is rolled back, so this process's first real call does not pay for code and
   * statements running for the first time (src/app/rehearsal.ts). The rehearsal gets a Switchboard of
   * its own, with its own workflow and tool and none of the app's configuration (no triggers,
   * policies, hooks or destinations), so nothing of the app's runs and nothing leaves the process.
   */
  async rehearse(): Promise<void> {
    const config = parseConfig('version: 1\n', { source: 'rehearsal', baseDir: this.config.baseDir });
    await rehearse({
      db: this.db,
      clock: this.clock,
      projectId: `rehearsal-${this.identity.ids()}`,
      stage: (db, parts) =>
        new Switchboard(db, { clock: this.clock, ids: this.identity.ids, config, classifier: this.classifier, model: null, sinks: [], hooks: {}, env: this.env, workflows: parts.workflows, tools: parts.tools, defaultWorkflow: rehearsalWorkflowName }),
    });
  }

  async close(): Promise<void> {
    await this.worker.stop();
    this.metrics.close();
    this.#mailer.close();
    await this.#mcp?.close();
    await this.db.close();
  }
}

export async function createSwitchboard(options: SwitchboardOptions): Promise<Switchboard> {
  return withStore(options.store, { keepOpen: true }, async (db) => {
    if (options.migrate !== false) await migrateToLatest(db);
    const clock = options.clock ?? systemClock;
    await ensureProject(db, defaultProjectId, 'Default project', clock);
    await seedDemoStore(db, clock);
    const config = options.config ?? loadConfigFile(demoConfigPath);
    const mcp = options.mcp ?? (await connectMcpServers(config.file.mcp_servers, { baseDir: config.baseDir, ...(options.logger ? { logger: options.logger } : {}) }));
    await db.warm();
    let sb: Switchboard;
    try {
      sb = new Switchboard(db, { ...options, config, mcp });
    } catch (error) {
      await mcp.close();
      throw error;
    }
    if (options.rehearse) {
      // The process still works without it; its first call is only slower.
      await sb.rehearse().catch((error: unknown) => sb.logger.warn({ err: error }, 'start-up rehearsal failed'));
    }
    return sb;
  });
}

/** The store alone, migrated, with the default project: what operator commands on people and keys need. */
export function withIdentityStore<T>(target: StoreTarget, use: (identity: IdentityDeps) => Promise<T>): Promise<T> {
  return withStore(target, { keepOpen: false }, async (db) => {
    await migrateToLatest(db);
    await ensureProject(db, defaultProjectId, 'Default project', systemClock);
    return use({ db, clock: systemClock, ids: createIdGenerator() });
  });
}

/** The store alone, migrated, for maintenance commands (retention) that need no app around it. */
export function withMaintenanceStore<T>(target: StoreTarget, use: (deps: { db: Db; clock: Clock; ids: IdGenerator }) => Promise<T>): Promise<T> {
  return withStore(target, { keepOpen: false }, async (db) => {
    await migrateToLatest(db);
    return use({ db, clock: systemClock, ids: createIdGenerator() });
  });
}

/** Brings the schema up to date without building the app or seeding data; returns what was applied. */
export function migrateStore(target: StoreTarget): Promise<string[]> {
  return withStore(target, { keepOpen: false }, migrateToLatest);
}

/** Opens the database for `use`; failures to open or use it become errors that say what to fix. */
async function withStore<T>(target: StoreTarget, options: { keepOpen: boolean }, use: (db: Db) => Promise<T>): Promise<T> {
  let db: Db;
  try {
    db = openDatabase(target);
  } catch (error) {
    throw explainStoreError(error, target);
  }
  let succeeded = false;
  try {
    const result = await use(db);
    succeeded = true;
    return result;
  } catch (error) {
    throw explainStoreError(error, target);
  } finally {
    if (!succeeded || !options.keepOpen) await db.close().catch(() => undefined);
  }
}

/** The model the configuration (with SWITCHBOARD_MODEL and friends) names; null: offline. */
export function modelFor(config: LoadedConfig): ModelClient | null {
  const { model, base_url, timeout_ms, max_retries, price_input, price_output } = config.file.llm;
  const fromFile = Object.fromEntries(Object.entries({ model, base_url, timeout_ms, max_retries, price_input, price_output }).filter(([, value]) => value !== undefined));
  const settings = resolveModelConfig(fromFile, process.env);
  return settings ? createModelClient(settings) : null;
}

async function ensureProject(db: Db, id: string, name: string, clock: Clock): Promise<void> {
  await db.kysely.insertInto('projects').values({ id, name, ticket_counter: 1000, created_at: isoAt(clock) }).onConflict((oc) => oc.column('id').doNothing()).execute();
}
