// The shape of switchboard.yaml: what a support lead configures. Validated once at load; every
// condition and pattern is checked here so a typo is reported with its file and line, not at run time.
import { z } from 'zod';
import { roles } from '../domain/roles.ts';
import { httpToolName, httpToolSchema } from '../tools/http/http-tool-config.ts';
import { riskTiers } from '../domain/tool.ts';
import { priorities } from '../domain/ticket.ts';
import { compileCondition, ConditionSyntaxError } from '../policy/condition.ts';
import { escalationSchema } from '../escalation/trigger-schema.ts';
import { notificationsSchema, webhookSchema } from './notify-config.ts';
import { metricsSchema, telemetrySchema } from '../observability/observability-config.ts';

/** The branches of the default workflow an intent or a rule can send a message to. */
export const routes = ['refund', 'order_status', 'download_link', 'faq', 'ticket', 'offer_human_handoff', 'specialist', 'clarify'] as const;
export type Route = (typeof routes)[number];

const celCondition = z.string().min(1).superRefine((source, ctx) => {
  try {
    compileCondition(source);
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    ctx.addIssue({ code: 'custom', message: `not a valid CEL condition: ${error.message}` });
  }
});

const regexSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    new RegExp(source, 'iu');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

const probability = z.number().min(0).max(1);

const intentSchema = z.strictObject({
  category: z.string().min(1),
  priority: z.enum(priorities).default('medium'),
  route: z.enum(routes),
  /** The reply for FAQ intents. */
  answer: z.string().min(1).optional(),
  description: z.string().optional(),
  examples: z.array(z.string().min(1)).default([]),
});

const supportRuleSchema = z
  .strictObject({
    id: z.union([z.number().int(), z.string().min(1)]),
    name: z.string().min(1),
    enabled: z.boolean().default(true),
    keywords: z.array(z.string().min(1)).default([]),
    /** `any` keyword is enough (default) or `all` are needed. */
    match: z.enum(['any', 'all']).default('any'),
    pattern: regexSource.optional(),
    condition: celCondition.optional(),
    category: z.string().min(1),
    priority: z.enum(priorities).default('medium'),
    route: z.enum(routes),
    tags: z.array(z.string().min(1)).default([]),
    summary: z.string().min(1),
    confidence: probability.default(0.9),
  })
  .refine((rule) => rule.keywords.length > 0 || rule.pattern !== undefined || rule.condition !== undefined, {
    message: 'a rule needs at least one of keywords, pattern or condition',
  });

const approvalStepSchema = z
  .strictObject({
    name: z.string().min(1),
    assign_to: z.string().min(1).optional(),
    assign_team: z.string().min(1).optional(),
  })
  .refine((step) => !(step.assign_to !== undefined && step.assign_team !== undefined), { message: 'a step is assigned to a person or a team, not both' });

const approvalChainSchema = z.strictObject({
  /** CEL over the same variables as `approval`; the first chain whose condition holds applies. */
  when: celCondition,
  steps: z.array(approvalStepSchema).min(1),
});

const toolPolicySchema = z.strictObject({
  risk: z.enum(riskTiers).optional(),
  /** `always`, `never`, or a CEL condition over `args`, the session variables and `run`. */
  approval: z.union([z.literal('always'), z.literal('never'), celCondition]).optional(),
  /** Multi-step approval: e.g. above $1,000 a manager, then a VP; each step is its own task. */
  approval_chains: z.array(approvalChainSchema).default([]),
  description: z.string().optional(),
});

const llmSchema = z.strictObject({
  model: z.string().min(1).optional(),
  base_url: z.url().optional(),
  timeout_ms: z.number().int().positive().optional(),
  max_retries: z.number().int().min(0).max(10).optional(),
  /** USD per million tokens, for the cost shown per step; known models have defaults. */
  price_input: z.number().min(0).optional(),
  price_output: z.number().min(0).optional(),
  /** Stream the model's answers (same result; some servers answer sooner). */
  stream: z.boolean().default(false),
  /** Ask the model to triage when the classifier's probability is below this. */
  triage_below: probability.default(0.75),
  /** Most model turns in one specialist run before it hands the ticket to a person. */
  max_turns: z.number().int().min(1).max(50).default(8),
  instructions: z.string().optional(),
});

const minutes = z.number().int().positive();

const chainLevelSchema = z
  .strictObject({
    assign_to: z.string().min(1).optional(),
    assign_team: z.string().min(1).optional(),
    /** Move the task one priority up (at most critical). */
    raise_priority: z.boolean().default(true),
    /** The new due time, from the moment the task reached this level. */
    due_in_minutes: minutes,
  })
  .refine((level) => !(level.assign_to !== undefined && level.assign_team !== undefined), { message: 'a level assigns to a person or a team, not both' });

const inboxSchema = z.strictObject({
  /** Minutes until a new task is due, by priority; tasks of a priority not listed have no due time. */
  sla_minutes: z.strictObject({ low: minutes, medium: minutes, high: minutes, critical: minutes }).partial().default({}),
  /** Where an overdue task goes next, one level per missed due time. */
  escalation_chain: z.array(chainLevelSchema).default([]),
  /** After the last level: deny, approve small amounts (others keep escalating), keep escalating, or nothing. */
  on_expiry: z.union([z.enum(['auto_deny', 'keep_escalating', 'none']), z.strictObject({ auto_approve_below_cents: z.number().int().positive() })]).default('none'),
});

const clockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day as HH:MM');
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

const liveAgentSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1).optional(),
  department: z.string().min(1).default('support'),
  /** Conversations a person takes at once. */
  capacity: z.number().int().positive().default(3),
  hours: z
    .strictObject({
      days: z.array(z.enum(weekdays)).min(1).default(['mon', 'tue', 'wed', 'thu', 'fri']),
      from: clockTime.default('08:00'),
      to: clockTime.default('18:00'),
      timezone: z.string().min(1).default('UTC').refine((zone) => isTimeZone(zone), { message: 'an IANA time zone such as Europe/Berlin' }),
    })
    .prefault({}),
});

/** `${NAME}` in a secret-bearing value is replaced from the environment when Switchboard starts. */
const envString = z.string().min(1);

const serverName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'server names are lower-case letters, digits and hyphens (tools are named server__tool)');

const mcpTimeout = z.number().int().positive().default(30_000);

/** An MCP server: a command speaking stdio, or a Streamable HTTP endpoint. */
const mcpServerSchema = z.union([
  z.strictObject({
    command: z.string().min(1),
    args: z.array(z.string()).default([]),
    env: z.record(z.string(), envString).default({}),
    /** Relative to the configuration file's directory; default: that directory. */
    cwd: z.string().min(1).optional(),
    timeout_ms: mcpTimeout,
  }),
  z.strictObject({
    url: z.url(),
    headers: z.record(z.string(), envString).default({}),
    timeout_ms: mcpTimeout,
  }),
]);

const perMinute = z.number().int().positive();

/** Abuse and runaway limits; every one has a default, so a configuration need not mention them. */
const limitsSchema = z.strictObject({
  /** Requests per minute from one API key or signed-in person. */
  requests_per_minute_per_key: perMinute.default(600),
  /** Requests per minute from one address without credentials (customers on the chat). */
  requests_per_minute_per_ip: perMinute.default(120),
  /** Sign-in attempts per minute from one address. */
  logins_per_minute_per_ip: perMinute.default(10),
  max_steps_per_run: z.number().int().min(5).max(10_000).default(100),
  /** Model tokens (in and out) one ticket may use over all its runs. */
  tokens_per_ticket: z.number().int().positive().default(200_000),
  /** A request still running after this is answered 504 (its run goes on in the background). */
  request_timeout_ms: z.number().int().min(1_000).max(600_000).default(60_000),
  /** Read the client address from X-Forwarded-For (only behind a proxy you run). */
  trust_proxy: z.boolean().default(false),
});

/** Retention: finished runs lose their payloads after a while; tickets, decisions and the audit log stay. Null switches a part off. */
const retentionSchema = z.strictObject({
  /** Finished runs (completed, failed, cancelled) older than this many days are compacted. */
  runs_after_days: z.number().int().min(1).nullable().default(90),
  /** Outbox events delivered to every destination longer ago than this are deleted; dead letters stay. */
  outbox_delivered_after_days: z.number().int().min(1).nullable().default(30),
  /** How often the worker of `serve` / `worker` runs it; one process at a time does. */
  schedule_minutes: z.number().int().min(1).max(7 * 24 * 60).nullable().default(60),
});

/** Version-pinned resume: what a run does when the code of the workflow it started on changed. */
const versionsSchema = z.strictObject({
  /** `fail`: the run stops and a person takes the ticket; `use_current`: it continues on the current code. */
  on_code_change: z.enum(['fail', 'use_current']).default('fail'),
});

const emailSchema = z.strictObject({
  /** The sender of every mail Switchboard sends (one-time codes, reviewer notifications). */
  from: z.string().min(1).default('Switchboard <switchboard@localhost>'),
  /** Without it, mails are written to the log instead of sent (the demo's choice). */
  smtp: z
    .strictObject({
      host: z.string().min(1),
      port: z.number().int().min(1).max(65535).default(587),
      /** TLS from the first byte (port 465); otherwise STARTTLS when the server offers it. */
      secure: z.boolean().default(false),
      user: envString.optional(),
      password: envString.optional(),
      timeout_ms: z.number().int().positive().default(30_000),
    })
    .optional(),
});

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

export const configSchema = z.strictObject({
  version: z.literal(1).default(1),
  project: z
    .strictObject({
      name: z.string().min(1).default('Support'),
      bot_name: z.string().min(1).default('Switchboard'),
    })
    .prefault({}),
  entities: z
    .strictObject({
      /** The first capture group (or the whole match) is the order id, as written. Default: ORD-1001, "order #1001" → ORD-1001. */
      order_id_pattern: regexSource.optional(),
    })
    .prefault({}),
  classifier: z
    .strictObject({
      /** Labelled examples (`text,label` CSV or JSONL), relative to this file. */
      examples: z.string().min(1).optional(),
      /** A model trained with `switchboard classifier train`; used instead of training at start. */
      model: z.string().min(1).optional(),
      target_precision: probability.default(0.97),
      /** Overrides the cross-validated threshold. */
      threshold: probability.optional(),
    })
    .prefault({}),
  intents: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/, 'intent names are lower_snake_case'), intentSchema).default({}),
  support_rules: z.array(supportRuleSchema).default([]),
  tools: z.record(z.string().min(1), toolPolicySchema).default({}),
  llm: llmSchema.prefault({}),
  escalation: escalationSchema.optional(),
  inbox: inboxSchema.prefault({}),
  /** People who take conversations live (seed 001's live-agent transfer); none: handoffs go to the team. */
  live_agents: z.array(liveAgentSchema).default([]),
  /** Offered when nobody is available and the customer wants no callback. */
  support_email: z.email().default('support@example.com'),
  /** MCP servers whose tools join the registry as `server__tool`. */
  mcp_servers: z.record(serverName, mcpServerSchema).default({}),
  /** HTTP endpoints called as tools, by name; `${NAME}` in their headers is filled from the environment at start. */
  http_tools: z.record(httpToolName, httpToolSchema).default({}),
  email: emailSchema.prefault({}),
  /** The address people reach this server at; links in notifications start with it. Default: http://localhost:PORT. */
  public_url: z.url({ protocol: /^https?$/ }).optional(),
  /** Reviewers are told of new approval tasks here, with Approve / Reject actions. */
  notifications: notificationsSchema.prefault({}),
  /** Systems told of events, signed per Standard Webhooks. */
  webhooks: z.array(webhookSchema).default([]).refine((hooks) => new Set(hooks.map((h) => h.name)).size === hooks.length, { message: 'two webhooks share a name' }),
  limits: limitsSchema.prefault({}),
  versions: versionsSchema.prefault({}),
  retention: retentionSchema.prefault({}),
  /** The largest amount (in cents) each role may approve; a role not listed has no limit. */
  approval_limits: z.partialRecord(z.enum(roles), z.number().int().nonnegative()).default({}),
  /** The workflow a new conversation starts: support-triage, or the name of a flow below. */
  default_workflow: z.string().min(1).default('support-triage'),
  /** Visual-builder workflows (seed 003's JSON), by name: file paths relative to this file. */
  flows: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, 'flow names are lower-case letters, digits and hyphens'), z.string().min(1)).default({}),
  /** Prometheus metrics at /metrics: on by default, for loopback callers unless a token is set. */
  metrics: metricsSchema.prefault({}),
  /** OpenTelemetry spans of each run; message content stays off them unless `capture_content`. */
  telemetry: telemetrySchema.prefault({}),
});

export type { NotificationsConfig, WebhookConfig } from './notify-config.ts';
export type ConfigFile = z.infer<typeof configSchema>;
export type IntentConfig = z.infer<typeof intentSchema>;
export type SupportRuleConfig = z.infer<typeof supportRuleSchema>;
export type ToolPolicyConfig = z.infer<typeof toolPolicySchema>;
export type LlmConfig = z.infer<typeof llmSchema>;
export type InboxConfig = z.infer<typeof inboxSchema>;
export type LiveAgentConfig = z.infer<typeof liveAgentSchema>;
export type McpServerConfig = z.infer<typeof mcpServerSchema>;
export type EmailConfig = z.infer<typeof emailSchema>;
export type LimitsConfig = z.infer<typeof limitsSchema>;
export type RetentionConfig = z.infer<typeof retentionSchema>;
export type ChainLevelConfig = z.infer<typeof chainLevelSchema>;
