// The configuration as the dashboard shows it, read-only: rules, triggers, tools with their risk and
// approval policy, limits, the inbox SLA, channels, webhooks, flows and MCP servers. Secrets never
// leave: a secret-bearing setting appears as the names of the variables that fill it.
import type { ConfigFile, InboxConfig, LimitsConfig, McpServerConfig, Route, SupportRuleConfig } from '../config/config-schema.ts';
import type { Priority } from '../domain/ticket.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { demoToolNames } from '../demo/demo-store.ts';
import { roles, type Role } from '../domain/roles.ts';
import type { RiskTier } from '../domain/tool.ts';
import type { EscalationLevelConfig } from '../escalation/trigger-schema.ts';
import type { HumanCompleteRuleConfig } from '../escalation/human-complete.ts';
import type { ApprovalStep, PolicyBook } from '../policy/approval-policy.ts';
import type { Db } from '../store/connect.ts';
import { agentAvailabilityToolName } from '../tools/agent-availability.ts';
import { mcpServerOf } from '../tools/mcp/mcp-tools.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import { listWebhooks, type WebhookView } from '../notify/webhooks/webhook-endpoints.ts';
import { channelViews, mailView, type ChannelView, type MailView } from './channel-views.ts';
import { prefixed, secretSettings, shownUrl, type SecretSetting } from './secret-settings.ts';

export type ToolSource = 'built-in' | 'mcp' | 'http' | 'code';

export interface ToolView {
  name: string;
  description: string;
  source: ToolSource;
  risk: RiskTier;
  /** `always`, `never`, a CEL condition, or `tool default (…)`. */
  approval: string;
  /** The CEL condition when the approval rule is one. */
  condition: string | null;
  approval_chains: { when: string; steps: ApprovalStep[] }[];
}

export interface TriggerView {
  level: 'supervisor' | 'agent';
  when: string;
  reason: string;
  priority: Priority;
  tags: string[];
  context_for_human: string[];
  on_human_complete: HumanCompleteRuleConfig[];
}

export interface OnErrorView {
  kind: 'tool_error' | 'routing_failure';
  respond: string | null;
  retry: number;
  then: 'escalate' | 'handoff';
  handoff_to: string | null;
}

export interface McpServerView {
  name: string;
  transport: 'stdio' | 'http';
  /** The registered tools (`server__tool`). */
  tools: string[];
  secrets: SecretSetting[];
}

export interface ConfigView {
  project: { name: string; bot_name: string };
  default_workflow: string;
  support_rules: SupportRuleConfig[];
  intents: { name: string; category: string; priority: Priority; route: Route; answer: string | null }[];
  escalation: { triggers: TriggerView[]; on_error: OnErrorView[] };
  tools: ToolView[];
  approval_limits: { role: Role; max_cents: number | null }[];
  inbox: InboxConfig;
  notifications: { channels: ChannelView[]; mail: MailView; link_ttl_minutes: number };
  webhooks: Omit<WebhookView, 'disabled_reason'>[];
  flows: { name: string; source: string }[];
  mcp_servers: McpServerView[];
  llm: { online: boolean; model: string | null; triage_below: number; max_turns: number };
  limits: LimitsConfig;
}

export interface ConfigViewDeps {
  db: Db;
  config: LoadedConfig;
  tools: ToolRegistry;
  policies: PolicyBook;
  /** A model is configured (the LLM layers are on). */
  online: boolean;
}

export async function configView(deps: ConfigViewDeps): Promise<ConfigView> {
  const file = deps.config.file;
  return {
    project: { ...file.project },
    default_workflow: file.default_workflow,
    support_rules: file.support_rules,
    intents: Object.entries(file.intents).map(([name, intent]) => ({ name, category: intent.category, priority: intent.priority, route: intent.route, answer: intent.answer ?? null })),
    escalation: { triggers: triggerViews(file), on_error: onErrorViews(file) },
    tools: toolViews(deps),
    approval_limits: roles.map((role) => ({ role, max_cents: file.approval_limits[role] ?? null })),
    inbox: file.inbox,
    notifications: { channels: channelViews(file.notifications), mail: mailView(file.email), link_ttl_minutes: file.notifications.link_ttl_minutes },
    webhooks: (await listWebhooks(deps.db, file.webhooks)).map(({ disabled_reason: _reason, ...webhook }) => ({ ...webhook, url: shownUrl(webhook.url) })),
    flows: Object.entries(file.flows).map(([name, source]) => ({ name, source })),
    mcp_servers: Object.entries(file.mcp_servers).map(([name, server]) => mcpServerView(name, server, deps.tools)),
    llm: { online: deps.online, model: file.llm.model ?? null, triage_below: file.llm.triage_below, max_turns: file.llm.max_turns },
    limits: file.limits,
  };
}

function toolViews({ config, tools, policies }: ConfigViewDeps): ToolView[] {
  return policies.list().map((policy) => {
    const override = config.file.tools[policy.tool];
    const fixed = policy.rule === 'always' || policy.rule === 'never' || policy.rule.startsWith('tool default');
    return { name: policy.tool, description: tools.get(policy.tool).description, source: toolSource(config.file, policy.tool), risk: policy.risk, approval: policy.rule, condition: fixed ? null : policy.rule, approval_chains: override?.approval_chains ?? [] };
  });
}

const builtInTools: readonly string[] = [...demoToolNames, agentAvailabilityToolName];

function toolSource(file: ConfigFile, name: string): ToolSource {
  const server = mcpServerOf(name);
  if (server !== null && Object.hasOwn(file.mcp_servers, server)) return 'mcp';
  if (Object.hasOwn(file.http_tools, name)) return 'http';
  return builtInTools.includes(name) ? 'built-in' : 'code';
}

function triggerViews(file: ConfigFile): TriggerView[] {
  const levels = [['supervisor', file.escalation?.supervisor], ['agent', file.escalation?.agent]] as const;
  return levels.flatMap(([level, section]) => (section ? section.triggers.map((trigger) => triggerView(level, trigger, section)) : []));
}

function triggerView(level: TriggerView['level'], trigger: EscalationLevelConfig['triggers'][number], section: EscalationLevelConfig): TriggerView {
  return {
    level,
    when: trigger.WHEN,
    reason: trigger.REASON,
    priority: trigger.PRIORITY,
    tags: trigger.TAGS,
    context_for_human: trigger.context_for_human ?? section.context_for_human,
    on_human_complete: trigger.on_human_complete ?? section.on_human_complete,
  };
}

function onErrorViews(file: ConfigFile): OnErrorView[] {
  const entries = Object.entries(file.escalation?.on_error ?? {}) as [OnErrorView['kind'], NonNullable<NonNullable<ConfigFile['escalation']>['on_error']['tool_error']> | undefined][];
  return entries.flatMap(([kind, entry]) => (entry ? [{ kind, respond: entry.respond ?? null, retry: entry.retry, then: entry.then.then, handoff_to: entry.then.handoffTo }] : []));
}

function mcpServerView(name: string, server: McpServerConfig, tools: ToolRegistry): McpServerView {
  const registered = tools.list().map((tool) => tool.name).filter((tool) => mcpServerOf(tool) === name);
  if ('url' in server) return { name, transport: 'http', tools: registered, secrets: secretSettings({ url: urlSecret(server.url), ...prefixed('headers', server.headers) }) };
  return { name, transport: 'stdio', tools: registered, secrets: secretSettings(prefixed('env', server.env)) };
}

/** An MCP endpoint's query may carry a key: counted as a secret only when it has one. */
function urlSecret(url: string): string | undefined {
  return shownUrl(url) === url ? undefined : url;
}
