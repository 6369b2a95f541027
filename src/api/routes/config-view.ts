// The configuration view (read-only): what the dashboard's configuration pages show. Secrets never
// appear; a secret-bearing setting is listed with the names of the variables that fill it.
import { createRoute, z } from '@hono/zod-openapi';
import { configView } from '../../app/config-view.ts';
import { channelNames } from '../../app/channel-views.ts';
import type { Switchboard } from '../../app/switchboard.ts';
import { routes } from '../../config/config-schema.ts';
import { roles } from '../../domain/roles.ts';
import { priorities } from '../../domain/ticket.ts';
import { riskTiers } from '../../domain/tool.ts';
import type { SwitchboardApp } from '../auth/app-env.ts';
import { requires } from '../auth/requires.ts';
import { errorResponses, jsonContent, ProjectParam } from '../schemas.ts';

const SecretSettingSchema = z
  .object({
    setting: z.string().openapi({ example: 'signing_secret' }),
    env: z.array(z.string()).openapi({ description: 'The ${NAME} variables that fill it; empty when the value is written in the file (it is still not shown).', example: ['SLACK_SIGNING_SECRET'] }),
  })
  .openapi('SecretSetting');

const SupportRuleSchema = z.object({
  id: z.union([z.number(), z.string()]),
  name: z.string(),
  enabled: z.boolean(),
  keywords: z.array(z.string()),
  match: z.enum(['any', 'all']),
  pattern: z.string().optional(),
  condition: z.string().optional(),
  category: z.string(),
  priority: z.enum(priorities),
  route: z.enum(routes),
  tags: z.array(z.string()),
  summary: z.string(),
  confidence: z.number(),
});

const HumanCompleteSchema = z.object({ when: z.string().nullable(), action: z.union([z.object({ kind: z.enum(['complete', 'continue']) }), z.object({ kind: z.literal('handoff'), agent: z.string() })]) });

const TriggerSchema = z.object({
  level: z.enum(['supervisor', 'agent']),
  when: z.string().openapi({ description: 'CEL condition over the session variables.' }),
  reason: z.string(),
  priority: z.enum(priorities),
  tags: z.array(z.string()),
  context_for_human: z.array(z.string()),
  on_human_complete: z.array(HumanCompleteSchema),
});

const OnErrorSchema = z.object({ kind: z.enum(['tool_error', 'routing_failure']), respond: z.string().nullable(), retry: z.number().int(), then: z.enum(['escalate', 'handoff']), handoff_to: z.string().nullable() });

const ApprovalStepSchema = z.object({ name: z.string(), assign_to: z.string().optional(), assign_team: z.string().optional() });

const ToolSchema = z.object({
  name: z.string(),
  description: z.string(),
  source: z.enum(['built-in', 'mcp', 'http', 'code']),
  risk: z.enum(riskTiers),
  approval: z.string().openapi({ description: '`always`, `never`, a CEL condition, or `tool default (…)`.', example: 'args.amount_cents + run.money_out_cents > 2500' }),
  condition: z.string().nullable().openapi({ description: 'The CEL condition when the approval rule is one.' }),
  approval_chains: z.array(z.object({ when: z.string(), steps: z.array(ApprovalStepSchema) })),
});

const minutesByPriority = z.object({ low: z.number(), medium: z.number(), high: z.number(), critical: z.number() }).partial();

const InboxSchema = z.object({
  sla_minutes: minutesByPriority.openapi({ description: 'Minutes until a new task of each priority is due; a priority not listed has no due time.' }),
  escalation_chain: z.array(z.object({ assign_to: z.string().optional(), assign_team: z.string().optional(), raise_priority: z.boolean(), due_in_minutes: z.number() })),
  on_expiry: z.union([z.enum(['auto_deny', 'keep_escalating', 'none']), z.object({ auto_approve_below_cents: z.number() })]),
});

const ChannelSchema = z.object({
  name: z.enum(channelNames),
  configured: z.boolean(),
  target: z.string().nullable().openapi({ description: 'Where notices go: a chat or channel id, "incoming webhook", or how many reviewers get mail.' }),
  linked_users: z.number().int(),
  secrets: z.array(SecretSettingSchema),
});

const MailSchema = z.object({ from: z.string(), transport: z.enum(['smtp', 'log']), smtp: z.object({ host: z.string(), port: z.number(), secure: z.boolean() }).nullable(), secrets: z.array(SecretSettingSchema) });

const LimitsSchema = z.object({
  requests_per_minute_per_key: z.number(),
  requests_per_minute_per_ip: z.number(),
  logins_per_minute_per_ip: z.number(),
  max_steps_per_run: z.number(),
  tokens_per_ticket: z.number(),
  request_timeout_ms: z.number(),
  trust_proxy: z.boolean(),
});

const ConfigViewSchema = z
  .object({
    project: z.object({ name: z.string(), bot_name: z.string() }),
    default_workflow: z.string(),
    support_rules: z.array(SupportRuleSchema),
    intents: z.array(z.object({ name: z.string(), category: z.string(), priority: z.enum(priorities), route: z.enum(routes), answer: z.string().nullable().openapi({ description: 'The reply of an FAQ intent.' }) })),
    escalation: z.object({ triggers: z.array(TriggerSchema), on_error: z.array(OnErrorSchema) }),
    tools: z.array(ToolSchema),
    approval_limits: z.array(z.object({ role: z.enum(roles), max_cents: z.number().nullable().openapi({ description: 'The largest amount this role may approve; null: no limit.' }) })),
    inbox: InboxSchema,
    notifications: z.object({ channels: z.array(ChannelSchema), mail: MailSchema, link_ttl_minutes: z.number() }),
    webhooks: z.array(z.object({ name: z.string(), url: z.string().openapi({ description: 'Scheme, host and path; credentials and query are left out.' }), events: z.array(z.string()), enabled: z.boolean(), disabled_at: z.string().nullable() })),
    flows: z.array(z.object({ name: z.string(), source: z.string() })),
    mcp_servers: z.array(z.object({ name: z.string(), transport: z.enum(['stdio', 'http']), tools: z.array(z.string()), secrets: z.array(SecretSettingSchema) })),
    llm: z.object({ online: z.boolean(), model: z.string().nullable(), triage_below: z.number(), max_turns: z.number() }),
    limits: LimitsSchema,
  })
  .openapi('ConfigView');

const configRoute = createRoute({
  middleware: [requires('tickets.read')] as const,
  method: 'get',
  path: '/api/projects/{projectId}/config',
  tags: ['configuration'],
  summary: 'The configuration, read-only: rules, triggers, tools and their approval policies, limits, SLA, channels, webhooks, flows, MCP servers',
  description: 'No secret is ever returned, neither as written nor expanded: secret-bearing settings list the names of their `${NAME}` variables.',
  request: { params: ProjectParam },
  responses: { 200: jsonContent(ConfigViewSchema, 'The configuration'), ...errorResponses },
});

export function configViewRoutes(app: SwitchboardApp, sb: Switchboard): void {
  const deps = { db: sb.db, config: sb.config, tools: sb.tools, policies: sb.policies, online: sb.model !== null };
  app.openapi(configRoute, async (c) => c.json(await configView(deps), 200));
}
