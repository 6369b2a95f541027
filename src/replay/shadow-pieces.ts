// A changed configuration's decision-making parts, built the way the composition root builds them but
// for shadow mode: the tools keep their risk tiers and approval rules and lose the power to run.
import { modelFor } from '../app/switchboard.ts';
import { intentClassifierFor, policiesFor, supportWorkflowDeps } from '../app/support-setup.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { compileTriggers, type TriggerSet } from '../escalation/triggers.ts';
import type { PolicyBook } from '../policy/approval-policy.ts';
import { createHttpTools } from '../tools/http/http-tools.ts';
import { withExecute, type Tool } from '../tools/tool.ts';
import { ToolRegistry } from '../tools/tool-registry.ts';
import type { TriageModel } from '../triage/triage.ts';
import type { SupportWorkflowDeps } from '../workflows/support-triage/deps.ts';

export interface ShadowPieces {
  support: SupportWorkflowDeps;
  policies: PolicyBook;
  triggers: TriggerSet;
  /** The configured model when the replay may ask it; null: only recorded answers are used. */
  liveModel: TriageModel | null;
}

export interface ShadowOptions {
  /** The running deployment's tools: their tiers and rules are what the changed policies apply to. */
  tools: ToolRegistry;
  cacheDir?: string | undefined;
  /** Ask the configured model where no recorded answer fits. */
  liveModel?: boolean;
}

export function shadowPieces(config: LoadedConfig, options: ShadowOptions): ShadowPieces {
  const tools = shadowRegistry(options.tools, config);
  const model = modelFor(config);
  const classifier = intentClassifierFor(config, { cacheDir: options.cacheDir });
  return {
    support: supportWorkflowDeps(config, tools, model, classifier),
    policies: policiesFor(config, tools),
    triggers: compileTriggers(config.file.escalation),
    liveModel: options.liveModel ? model : null,
  };
}

/** The deployment's tools plus HTTP tools the changed configuration adds, none of which can run. */
function shadowRegistry(tools: ToolRegistry, config: LoadedConfig): ToolRegistry {
  const added = createHttpTools(config.file.http_tools).filter((tool) => !tools.has(tool.name));
  return new ToolRegistry([...tools.list(), ...added].map(shadowTool));
}

function shadowTool(tool: Tool): Tool {
  return withExecute(tool, () => Promise.reject(new SwitchboardError('internal', `Shadow mode: ${tool.name} does not run during a replay.`)));
}
