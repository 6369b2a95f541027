// Whether the configuration can send a run to a person mid-way: a trigger at either level, or ON_ERROR.
import type { EscalationConfig } from '../escalation/trigger-schema.ts';

export function escalationConfigured(config: EscalationConfig | undefined): boolean {
  if (!config) return false;
  const triggers = (config.agent?.triggers.length ?? 0) + (config.supervisor?.triggers.length ?? 0);
  return triggers > 0 || config.on_error.tool_error !== undefined || config.on_error.routing_failure !== undefined;
}
