// The HTTP contracts: one zod schema per request and response, also the source of /openapi.json.
import { z } from '@hono/zod-openapi';
import { deliveryStatuses } from '../app/outbox-deliveries.ts';
import { humanTaskStatuses, humanTaskTypes, taskFieldTypes } from '../domain/human-task.ts';
import { priorities, ticketStatuses } from '../domain/ticket.ts';

export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'thread_not_found' }),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .openapi('Error');

const customerMessage = z.object({
  message: z.string().trim().min(1).max(10_000).openapi({ example: 'I want a refund of $42.50' }),
  thread_id: z.string().min(1).max(100).optional(),
  customer_email: z.string().email().max(320).optional(),
  workflow: z.string().min(1).max(100).optional().openapi({ description: 'The workflow a new thread starts (default: the configured default_workflow); ignored for an existing thread.' }),
});

const approvalDecision = z.object({
  thread_id: z.string().min(1).max(100),
  approval: z.boolean(),
  reason: z.string().max(2000).optional(),
  responded_by: z.string().min(1).max(200).optional(),
});

export const ChatRequestSchema = z.union([approvalDecision.strict(), customerMessage.strict()]).openapi('ChatRequest', {
  description: 'Either a customer message (`message`, optional `thread_id`) or a reviewer decision (`thread_id`, `approval`, optional `reason`).',
});
export type ChatRequest = z.infer<typeof ChatRequestSchema>;

export const ChatResultSchema = z
  .object({
    thread_id: z.string(),
    ticket: z.string().openapi({ example: 'TKT-1001' }),
    run_id: z.string(),
    status: z.enum(['PAUSED_FOR_APPROVAL', 'AWAITING_CUSTOMER', 'DONE', 'PROCESSING', 'FAILED', 'WITH_HUMAN']),
    reply: z.string().nullable(),
    task_id: z.string().optional(),
    action_result: z.string().optional().openapi({ example: 'Refund issued: $42.50' }),
  })
  .openapi('ChatResult');

export const MessageSchema = z
  .object({ id: z.string(), role: z.string(), body: z.string(), author: z.string().nullable(), run_id: z.string().nullable(), created_at: z.string() })
  .openapi('Message');

export const ThreadSchema = ChatResultSchema.extend({ messages: z.array(MessageSchema) }).openapi('Thread');

export const TicketSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    thread_id: z.string(),
    status: z.enum(ticketStatuses),
    category: z.string().nullable(),
    priority: z.enum(priorities),
    subject: z.string(),
    customer_email: z.string().nullable(),
    assignee: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Ticket');

export const ToolCallSchema = z
  .object({
    id: z.string(),
    tool: z.string(),
    risk: z.string(),
    idempotency_key: z.string(),
    status: z.string(),
    input: z.unknown(),
    output: z.unknown(),
    error: z.string().nullable(),
    attempts: z.number(),
    created_at: z.string(),
    finished_at: z.string().nullable(),
  })
  .openapi('ToolCall');

export const StepSchema = z
  .object({
    id: z.string(),
    seq: z.number(),
    node: z.string(),
    layer: z.string(),
    source: z.string(),
    status: z.string(),
    decision: z.string().nullable(),
    confidence: z.number().nullable(),
    input_snapshot: z.string().nullable(),
    output: z.record(z.string(), z.unknown()).openapi({ description: 'The step payload with seed 000 field names (source, status, category, priority, route, current_layer, confidence, decision, reply, tags, …).' }),
    started_at: z.string(),
    finished_at: z.string(),
    duration_ms: z.number(),
    tokens_in: z.number(),
    tokens_out: z.number(),
    cost_usd: z.number(),
    tool_calls: z.array(ToolCallSchema),
  })
  .openapi('Step');

export const RunSchema = z
  .object({
    id: z.string(),
    workflow: z.string(),
    status: z.string(),
    current_node: z.string().nullable(),
    waiting_for: z.unknown(),
    error: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    finished_at: z.string().nullable(),
    compacted_at: z.string().nullable().openapi({ description: 'When retention dropped this finished run\'s payloads (step inputs and outputs, tool arguments and results); null while they are kept.' }),
    definition_version: z.string().nullable().openapi({ description: 'The version (content hash) of the workflow, tools and policies the run started on and resumes on; null for runs from before versions. A step taken on a version other than the server\'s current one has `output.definition_version`.' }),
    steps: z.array(StepSchema),
  })
  .openapi('Run');

const fieldName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,99}$/, 'a field name is a letter or _ then letters, digits or _');

export const TaskFieldSchema = z
  .object({
    name: fieldName,
    type: z.enum(taskFieldTypes),
    label: z.string().max(200).optional(),
    required: z.boolean().optional(),
    options: z.array(z.string().min(1).max(200)).min(1).max(200).optional(),
  })
  .refine((field) => field.type !== 'select' || field.options !== undefined, { message: 'a select field needs options', path: ['options'] })
  .openapi('TaskField', { description: 'One input of the form a reviewer fills in when resolving (seed 001).' });

export const HumanTaskSchema = z
  .object({
    id: z.string(),
    type: z.enum(humanTaskTypes),
    status: z.enum(humanTaskStatuses),
    priority: z.enum(priorities),
    title: z.string(),
    reason: z.string(),
    context: z.record(z.string(), z.unknown()),
    fields: z.array(TaskFieldSchema),
    tool_call: z.object({ tool: z.string(), args: z.record(z.string(), z.unknown()), approvedArgs: z.record(z.string(), z.unknown()).optional() }).nullable(),
    ticket_id: z.string().nullable(),
    run_id: z.string().nullable(),
    due_at: z.string().nullable(),
    overdue: z.boolean().openapi({ description: 'Past due_at and still open, as of the server clock.' }),
    assigned_to: z.string().nullable(),
    assigned_team: z.string().nullable(),
    claimed_by: z.string().nullable(),
    escalation_level: z.number(),
    decision: z.string().nullable(),
    response_fields: z.record(z.string(), z.unknown()).nullable(),
    notes: z.string().nullable(),
    responded_by: z.string().nullable(),
    requested_by: z.string().nullable(),
    resolved_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('HumanTask');

export const TicketDetailSchema = TicketSchema.extend({ messages: z.array(MessageSchema), runs: z.array(RunSchema), human_tasks: z.array(HumanTaskSchema) }).openapi('TicketDetail');

export const ProjectParam = z.object({ projectId: z.string().min(1).max(100).openapi({ param: { name: 'projectId', in: 'path' }, example: 'default' }) });

export const TicketListQuery = z.object({
  status: z.enum(ticketStatuses).optional(),
  category: z.string().max(100).optional(),
  priority: z.enum(priorities).optional(),
  assignee: z.string().max(200).optional().openapi({ description: 'The person the ticket is assigned to' }),
  q: z.string().max(200).optional().openapi({ description: 'Text in the subject, the customer email or a message (any case), or the number: TKT-1001 or 1001' }),
  limit: z.coerce.number().int().min(1).max(500).optional(),
  before: z.string().max(100).optional(),
});

export const TaskListQuery = z.object({
  status: z.enum(humanTaskStatuses).optional(),
  type: z.enum(humanTaskTypes).optional(),
  priority: z.enum(priorities).optional(),
  assignee: z.string().max(200).optional().openapi({ description: 'Assigned to or claimed by this user' }),
  team: z.string().max(200).optional().openapi({ description: 'Assigned to this team' }),
  overdue: z.enum(['true', 'false']).transform((value) => value === 'true').optional().openapi({ description: '`true`: past due and still open' }),
  open: z.enum(['true', 'false']).transform((value) => value === 'true').optional().openapi({ description: '`true`: pending, assigned or in progress; `false`: completed, expired or cancelled' }),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

const templateValue = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);
const actor = z.string().min(1).max(200);

export const CreateTaskBody = z
  .object({
    type: z.enum(humanTaskTypes),
    title: z.string().trim().min(1).max(500),
    reason: z.string().max(5000).openapi({ example: 'High-value refund of ${{refund_amount}} for {{order_id}}' }),
    variables: z.record(z.string(), templateValue).optional().openapi({ description: 'Values for the `{{name}}` and `${{name}}` placeholders in `reason`' }),
    context: z.record(z.string(), z.unknown()).optional(),
    fields: z
      .array(TaskFieldSchema)
      .max(100)
      .refine((fields) => new Set(fields.map((field) => field.name)).size === fields.length, 'field names must be unique')
      .optional(),
    priority: z.enum(priorities).optional().openapi({ description: 'Default medium' }),
    dueAt: z.iso.datetime({ offset: true }).optional(),
    dueInMinutes: z.number().int().min(1).max(525_600).optional(),
    assignedTo: actor.optional(),
    assignedToTeam: actor.optional(),
    ticketId: z.string().min(1).max(100).optional(),
    createdBy: actor.optional().openapi({ description: 'Default: the caller. An API key may name the person it acts for; a signed-in person acts as themselves.' }),
  })
  .strict()
  .refine((body) => body.dueAt === undefined || body.dueInMinutes === undefined, { message: 'give dueAt or dueInMinutes, not both', path: ['dueInMinutes'] })
  .refine((body) => body.assignedTo === undefined || body.assignedToTeam === undefined, { message: 'give assignedTo or assignedToTeam, not both', path: ['assignedToTeam'] })
  .openapi('CreateTaskRequest');

export const AssignBody = z
  .object({ assignedTo: actor.optional(), assignedToTeam: actor.optional(), by: actor })
  .strict()
  .refine((body) => (body.assignedTo === undefined) !== (body.assignedToTeam === undefined), { message: 'give exactly one of assignedTo and assignedToTeam', path: ['assignedTo'] })
  .openapi('AssignRequest');

export const CancelBody = z.object({ by: actor.optional(), reason: z.string().max(2000).optional() }).strict().openapi('CancelRequest');

export const CancelResultSchema = z.object({ task: HumanTaskSchema, run: ChatResultSchema.nullable() }).openapi('CancelResult');

export const ClaimBody = z.object({ userId: z.string().min(1).max(200).optional() }).openapi('ClaimRequest');

export const ResolveBody = z
  .object({
    respondedBy: z.string().min(1).max(200).optional().openapi({ description: 'Default: the caller (see createdBy)' }),
    decision: z.string().min(1).max(100).openapi({ example: 'approved' }),
    fields: z.record(z.string(), z.unknown()).optional(),
    notes: z.string().max(5000).nullable().optional(),
  })
  .openapi('ResolveRequest');

export const ResolveResultSchema = z.object({ task: HumanTaskSchema, run: ChatResultSchema.nullable() }).openapi('ResolveResult');

export const RespondBody = z
  .object({
    approval: z.boolean(),
    reason: z.string().max(2000).optional(),
    respondedBy: z.string().min(1).max(200).optional(),
  })
  .openapi('RespondRequest');

export function jsonContent<T extends z.ZodType>(schema: T, description: string) {
  return { content: { 'application/json': { schema } }, description };
}

export const errorResponses = {
  400: jsonContent(ErrorSchema, 'Invalid request'),
  404: jsonContent(ErrorSchema, 'Not found'),
  409: jsonContent(ErrorSchema, 'Conflict with the current state'),
  413: jsonContent(ErrorSchema, 'Body too large'),
} as const;

export const DeliverySchema = z
  .object({
    id: z.string(),
    event_id: z.string(),
    topic: z.string(),
    dedupe_key: z.string(),
    destination: z.string().openapi({ description: '`log`, `email`, `email-reviewers`, `slack`, `telegram`, `discord` or `webhook:<name>`' }),
    status: z.enum(deliveryStatuses).openapi({ description: '`dead`: every attempt failed, or the destination refused it for good' }),
    attempts: z.number().int(),
    last_error: z.string().nullable(),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
    delivered_at: z.string().nullable(),
  })
  .openapi('OutboxDelivery');

export const DeliveryListQuery = z.object({
  status: z.enum(deliveryStatuses).optional(),
  destination: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).optional(),
});

export const RedeliverDeadBody = z.object({ destination: z.string().min(1).max(200).optional().openapi({ description: 'Only the dead letters of this destination' }) }).strict();
