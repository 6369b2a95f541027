// What a run's version is made of: its workflow (a flow's document, or a code workflow's graph and
// node source), the tools the process has and the approval policies. The version is the hash of the
// canonical JSON of this record, so the stored record of a version can always be checked against it.
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { canonicalJson } from '../domain/canonical-json.ts';
import { riskTiers, type RiskTier } from '../domain/tool.ts';
import type { ToolPolicyOverride } from '../policy/approval-policy.ts';
import type { Tool } from '../tools/tool.ts';
import { describeWorkflow } from './graph-description.ts';
import type { Workflow, WorkflowState } from './graph.ts';

/** A tool as a version sees it: what decides gating (tier, rule) and a hash of its input schema. */
export interface ToolTier {
  name: string;
  risk: RiskTier;
  approval: Tool['approvalRule'];
  input: string;
}

export interface DefinitionRecord {
  workflow: string;
  /** A config flow's document as written; null for a code workflow. (Not its path, which differs by working directory.) */
  flow: string | null;
  /** The hash of a code workflow's graph and node source; null for a flow. */
  code: string | null;
  tools: ToolTier[];
  /** The configuration's `tools:` policy part (risk, approval, approval chains), by tool. */
  policies: Record<string, ToolPolicyOverride>;
}

export interface DefinitionVersion {
  hash: string;
  record: DefinitionRecord;
}

export function definitionVersion(record: DefinitionRecord): DefinitionVersion {
  return { hash: shortHash(canonicalJson(record)), record };
}

/** What the version of a code workflow hangs on: its graph, and the source text of every function in it. */
export function codeHashOf<S extends WorkflowState>(workflow: Workflow<S>): string {
  const { nodes, edges } = describeWorkflow(workflow);
  const nodeSource = Object.fromEntries(Object.entries(workflow.nodes).map(([name, node]) => [name, [node.run.toString(), node.resume?.toString() ?? null]]));
  const routeSource = Object.fromEntries(Object.entries(workflow.edges).map(([name, edge]) => [name, edge.kind === 'conditional' ? edge.route.toString() : null]));
  return shortHash(canonicalJson({ nodes, edges, nodeSource, routeSource, initialState: workflow.initialState.toString() }));
}

export function toolTiersOf(tools: readonly Tool[]): ToolTier[] {
  return tools.map((tool) => ({ name: tool.name, risk: tool.risk, approval: tool.approvalRule, input: shortHash(canonicalJson(inputSchemaOf(tool))) })).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** Only what gates a call: a policy's description changes no version. */
export function policyPartOf(config: Readonly<Record<string, ToolPolicyOverride>>): Record<string, ToolPolicyOverride> {
  return Object.fromEntries(Object.entries(config).map(([tool, policy]) => [tool, withoutUndefined({ risk: policy.risk, approval: policy.approval, approval_chains: policy.approval_chains })]));
}

/** The stored record, parsed; null when it is not one (a row written by something else). */
export function parseDefinitionRecord(text: string): DefinitionRecord | null {
  try {
    const parsed = definitionRecordSchema.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

function inputSchemaOf(tool: Tool): unknown {
  try {
    return z.toJSONSchema(tool.input, { unrepresentable: 'any', io: 'input' });
  } catch {
    // A schema JSON Schema cannot express still has a stable name for its kind.
    return { unrepresentable: tool.input.def.type };
  }
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function shortHash(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const approvalStepSchema = z.object({ name: z.string(), assign_to: z.string().optional(), assign_team: z.string().optional() });

const definitionRecordSchema = z.object({
  workflow: z.string(),
  flow: z.string().nullable(),
  code: z.string().nullable(),
  tools: z.array(z.object({ name: z.string(), risk: z.enum(riskTiers), approval: z.enum(['always', 'never', 'conditional']), input: z.string() })),
  policies: z.record(z.string(), z.object({ risk: z.enum(riskTiers).optional(), approval: z.string().optional(), approval_chains: z.array(z.object({ when: z.string(), steps: z.array(approvalStepSchema) })).optional() })),
});
