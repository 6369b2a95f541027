// A typed tool with a risk tier and an approval rule; the engine, not a model, applies the rule.
import type { z } from 'zod';
import type { RiskTier } from '../domain/tool.ts';

export interface ToolExecutionContext {
  /** Stable across retries and crash recovery: the callee must deduplicate by it. */
  idempotencyKey: string;
  runId: string;
  projectId: string;
}

/** `always`/`never`, or a predicate over the call's arguments (e.g. auto-approve refunds up to $25). */
export type ApprovalRule<A> = 'always' | 'never' | ((args: A) => boolean);

export interface Tool<A extends Record<string, unknown> = Record<string, unknown>, R = unknown> {
  readonly name: string;
  readonly description: string;
  readonly risk: RiskTier;
  readonly input: z.ZodType<A>;
  /** How the rule reads in the dashboard and docs: `always`, `never` or `conditional`. */
  readonly approvalRule: 'always' | 'never' | 'conditional';
  needsApproval(args: A): boolean;
  execute(args: A, context: ToolExecutionContext): Promise<R>;
}

export interface ToolDefinition<A extends Record<string, unknown>, R> {
  name: string;
  description: string;
  risk: RiskTier;
  input: z.ZodType<A>;
  /** Defaults by tier: money and destructive tools are gated, read and write tools are not. */
  approval?: ApprovalRule<A>;
  execute(args: A, context: ToolExecutionContext): Promise<R>;
}

export function defineTool<A extends Record<string, unknown>, R>(definition: ToolDefinition<A, R>): Tool<A, R> {
  const rule = definition.approval ?? defaultApproval(definition.risk);
  return Object.freeze({
    name: definition.name,
    description: definition.description,
    risk: definition.risk,
    input: definition.input,
    approvalRule: typeof rule === 'function' ? 'conditional' : rule,
    needsApproval: (args: A) => (typeof rule === 'function' ? rule(args) : rule === 'always'),
    execute: (args: A, context: ToolExecutionContext) => definition.execute(args, context),
  });
}

/** The same tool run another way (observed, or refused in shadow mode): everything else it keeps. */
export function withExecute(tool: Tool, execute: Tool['execute']): Tool {
  return Object.freeze({
    name: tool.name,
    description: tool.description,
    risk: tool.risk,
    input: tool.input,
    approvalRule: tool.approvalRule,
    needsApproval: (args: Record<string, unknown>) => tool.needsApproval(args),
    execute,
  });
}

function defaultApproval(risk: RiskTier): 'always' | 'never' {
  return risk === 'money' || risk === 'destructive' ? 'always' : 'never';
}
