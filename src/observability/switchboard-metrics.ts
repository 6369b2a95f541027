// Prometheus metrics of one Switchboard instance, in its own registry (never prom-client's global
// one, so two instances in a process do not mix). Counters and the step histogram move as things
// happen here; the store's gauges are read at scrape time.
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { EngineEvent, EventBus } from '../engine/events.ts';
import type { ModelUsage } from '../llm/model-client.ts';
import type { ModelCounters } from './observed-model.ts';
import type { ToolCounters, ToolOutcome } from './observed-tool.ts';
import { StoreGauges, type StoreGaugeDeps } from './store-gauges.ts';

export interface MetricsAccess {
  enabled: boolean;
  /** The bearer token scrapers must send; null: loopback callers only. */
  token: string | null;
}

export interface MetricsDeps extends StoreGaugeDeps {
  events: EventBus;
  access: MetricsAccess;
}

/** From a classifier's few milliseconds to a slow model's minute. */
const stepBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const finished = new Set(['completed', 'failed', 'cancelled']);

export class SwitchboardMetrics implements ModelCounters, ToolCounters {
  readonly access: MetricsAccess;
  readonly #registry = new Registry();
  readonly #store: StoreGauges;
  readonly #steps: Histogram;
  readonly #runsFinished: Counter;
  readonly #modelTokens: Counter;
  readonly #modelErrors: Counter;
  readonly #toolCalls: Counter;
  readonly #unsubscribe: () => void;
  #processMetrics = false;

  constructor(deps: MetricsDeps) {
    this.access = deps.access;
    const registers = [this.#registry];
    this.#store = new StoreGauges(this.#registry, deps);
    this.#steps = new Histogram({ name: 'switchboard_step_duration_seconds', help: 'Time from a step\'s start to its commit, by workflow, node and outcome (succeeded, failed).', labelNames: ['workflow', 'node', 'outcome'], buckets: stepBuckets, registers });
    this.#runsFinished = new Counter({ name: 'switchboard_runs_finished_total', help: 'Runs this process finished, by project, workflow and status (completed, failed).', labelNames: ['project', 'workflow', 'status'], registers });
    this.#modelTokens = new Counter({ name: 'switchboard_model_tokens_total', help: 'Model tokens by model and kind (input, output).', labelNames: ['model', 'kind'], registers });
    this.#modelErrors = new Counter({ name: 'switchboard_model_errors_total', help: 'Failed model calls by model and error code (after the client\'s own retries).', labelNames: ['model', 'code'], registers });
    this.#toolCalls = new Counter({ name: 'switchboard_tool_calls_total', help: 'Tool executions by tool and outcome (succeeded, failed).', labelNames: ['tool', 'outcome'], registers });
    this.#unsubscribe = deps.events.subscribe((event) => this.#observe(event));
  }

  get contentType(): string {
    return this.#registry.contentType;
  }

  /** The metrics in Prometheus' text format, with the store's gauges read now. */
  async scrape(): Promise<string> {
    this.#startProcessMetrics();
    await this.#store.refresh();
    return this.#registry.metrics();
  }

  countModelTokens(model: string, usage: ModelUsage): void {
    this.#modelTokens.inc({ model, kind: 'input' }, usage.inputTokens);
    this.#modelTokens.inc({ model, kind: 'output' }, usage.outputTokens);
  }

  countModelError(model: string, code: string): void {
    this.#modelErrors.inc({ model, code });
  }

  countToolCall(tool: string, outcome: ToolOutcome): void {
    this.#toolCalls.inc({ tool, outcome });
  }

  close(): void {
    this.#unsubscribe();
  }

  #observe(event: EngineEvent): void {
    if (event.type === 'step') this.#steps.observe({ workflow: event.workflow, node: event.node, outcome: event.status }, event.durationMs / 1000);
    if (event.type === 'run' && finished.has(event.status)) this.#runsFinished.inc({ project: event.projectId, workflow: event.workflow, status: event.status });
  }

  // Started by the first scrape, not at construction: they watch the event loop and the garbage
  // collector, which a process (or test) that is never scraped need not pay for.
  #startProcessMetrics(): void {
    if (this.#processMetrics) return;
    this.#processMetrics = true;
    collectDefaultMetrics({ register: this.#registry });
  }
}
