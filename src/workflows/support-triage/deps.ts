// What the default workflow is built from: triage, the intents' answers, the optional model and the tools.
import type { IntentConfig } from '../../config/config-schema.ts';
import type { ModelClient } from '../../llm/model-client.ts';
import type { ToolRegistry } from '../../tools/tool-registry.ts';
import type { TriageDeps } from '../../triage/triage.ts';

export interface SupportWorkflowDeps {
  triage: TriageDeps;
  intents: Readonly<Record<string, IntentConfig>>;
  /** Null: the offline planner and templated replies handle everything. */
  model: ModelClient | null;
  tools: ToolRegistry;
  orderIdPattern: RegExp | undefined;
  botName: string;
  /** Most model turns in one run before the ticket goes to a person. */
  maxTurns: number;
  instructions: string | undefined;
  /** Stream the model's answers. */
  stream: boolean;
  /** People take conversations live (availability is checked, callbacks offered); else the team does. */
  liveAgents: boolean;
  /** Where callback times the customer writes are read: the first live agent's time zone, else UTC. */
  callbackTimezone: string;
  supportEmail: string;
}
