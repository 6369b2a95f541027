// The visual builder's workflow file (seed 003): nodes with a type and data, and edges between them,
// optionally leaving a node by a named handle. Extra keys a builder writes (position, label) are kept.
import { z } from 'zod';
import { priorities } from '../domain/ticket.ts';

const variableName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name is letters, digits and underscores, not starting with a digit');
const text = z.string().min(1);

const triggerData = z.looseObject({
  triggerType: z.literal('message_received', { error: 'the only trigger is "message_received" (a customer message starts the workflow)' }),
});

const authGateData = z.looseObject({
  /** The mail service the builder names; Switchboard sends through its own configured email. */
  provider: z.string().min(1).optional(),
  contact_type: z.literal('email', { error: 'auth_gate verifies an email address; set contact_type to "email"' }).default('email'),
  outputVariable: variableName.default('verified_email'),
  max_attempts: z.number().int().min(1).max(10).default(3),
  code_ttl_minutes: z.number().int().min(1).max(120).default(10),
});

const mcpToolData = z.looseObject({
  toolName: text,
  /** JSON text (as the builder writes it) or an object; string values may hold {{variables}}. */
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())]).default({}),
  outputVariable: variableName.optional(),
});

const logicData = z.looseObject({
  logicType: z.literal('if_else', { error: 'the only logicType is "if_else"' }),
  /** CEL over the variables; `{{order.total}} > 500` is read as `order.total > 500`. */
  condition: text,
});

const actionData = z.looseObject({
  actionType: z.literal('human_handoff', { error: 'the only actionType is "human_handoff"' }),
  reason: text,
  label: z.string().optional(),
  priority: z.enum(priorities).default('high'),
  /** What the customer hears while the reviewer decides. */
  message: z.string().optional(),
});

const sendMessageData = z.looseObject({ message: text });

const node = <T extends string, D extends z.ZodType>(type: T, data: D) => z.looseObject({ id: text, type: z.literal(type), data });

export const flowNodeSchema = z.discriminatedUnion(
  'type',
  [
    node('trigger', triggerData),
    node('auth_gate', authGateData),
    node('mcp_tool', mcpToolData),
    node('logic', logicData),
    node('action', actionData),
    node('send_message', sendMessageData),
  ],
  { error: (issue) => (issue.code === 'invalid_union' ? 'unknown node type: use trigger, auth_gate, mcp_tool, logic, action or send_message' : undefined) },
);

export const flowEdgeSchema = z.looseObject({
  id: z.string().min(1).optional(),
  source: text,
  target: text,
  sourceHandle: z.string().min(1).nullish(),
});

export const flowDocumentSchema = z.looseObject({
  nodes: z.array(flowNodeSchema).min(1, 'a workflow needs at least a trigger node'),
  edges: z.array(flowEdgeSchema).default([]),
});

export type FlowDocument = z.infer<typeof flowDocumentSchema>;
export type FlowNode = z.infer<typeof flowNodeSchema>;
export type FlowEdge = z.infer<typeof flowEdgeSchema>;
export type FlowNodeOf<T extends FlowNode['type']> = Extract<FlowNode, { type: T }>;

/** The named ways out of each node type; the empty name is the single plain edge. */
export const handlesOf: Readonly<Record<FlowNode['type'], readonly string[]>> = {
  trigger: [''],
  auth_gate: ['verified', 'failed'],
  mcp_tool: ['', 'rejected', 'error'],
  logic: ['true', 'false'],
  action: ['approved', 'rejected'],
  send_message: [''],
};

/** Variables every flow has, besides those its nodes write. */
export const builtinVariables = ['message', 'customer_email', 'ticket_number'] as const;
