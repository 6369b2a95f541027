// Builds tracing and metrics from the configuration, and wraps the model and tools so that they
// report to both. Called once by the composition root.
import { trace, type TracerProvider } from '@opentelemetry/api';
import type { LoadedConfig } from '../config/load-config.ts';
import { expandEnv } from '../config/env-template.ts';
import type { Clock } from '../domain/clock.ts';
import type { EventBus } from '../engine/events.ts';
import type { ModelClient } from '../llm/model-client.ts';
import type { Db } from '../store/connect.ts';
import type { Tool } from '../tools/tool.ts';
import { observedModel } from './observed-model.ts';
import { observedTool } from './observed-tool.ts';
import { SwitchboardMetrics, type MetricsAccess } from './switchboard-metrics.ts';
import { Telemetry } from './telemetry.ts';

export interface ObservabilityDeps {
  config: LoadedConfig;
  env: NodeJS.ProcessEnv;
  db: Db;
  clock: Clock;
  events: EventBus;
  /** Default: OpenTelemetry's global provider, a no-op unless the app registered an SDK. */
  tracerProvider?: TracerProvider | undefined;
  workflows: () => readonly string[];
  destinations: () => readonly string[];
}

export class Observability {
  readonly telemetry: Telemetry;
  readonly metrics: SwitchboardMetrics;

  constructor(deps: ObservabilityDeps) {
    const { config, env } = deps;
    this.telemetry = new Telemetry({ tracerProvider: deps.tracerProvider ?? trace.getTracerProvider(), captureContent: config.file.telemetry.capture_content });
    this.metrics = new SwitchboardMetrics({ ...deps, access: metricsAccess(config, env) });
  }

  model(model: ModelClient | null): ModelClient | null {
    return model === null ? null : observedModel(model, this.telemetry, this.metrics);
  }

  tools(tools: readonly Tool[]): Tool[] {
    return tools.map((tool) => observedTool(tool, this.telemetry, this.metrics));
  }
}

/** The token's `${NAME}` is filled now, so a missing variable stops the start instead of locking scrapers out. */
function metricsAccess(config: LoadedConfig, env: NodeJS.ProcessEnv): MetricsAccess {
  const { enabled, token } = config.file.metrics;
  return { enabled, token: token === undefined ? null : expandEnv(token, env, 'metrics.token') };
}
