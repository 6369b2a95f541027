// Approval policy: whether a tool call waits for a reviewer. Decided by the engine from the tool's risk
// tier and the configured rule, over the call's arguments and the session; never by a model.
import type { RiskTier } from '../domain/tool.ts';
import type { Tool } from '../tools/tool.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import { compileCondition, type Condition } from './condition.ts';

export interface ApprovalStep {
  name: string;
  assign_to?: string | undefined;
  assign_team?: string | undefined;
}

export interface ToolPolicyOverride {
  risk?: RiskTier | undefined;
  approval?: string | undefined;
  approval_chains?: readonly { when: string; steps: readonly ApprovalStep[] }[] | undefined;
}

/** What a rule may read: the arguments, the session variables and facts about the run so far. */
export interface PolicyInput {
  args: Readonly<Record<string, unknown>>;
  session: Readonly<Record<string, unknown>>;
  run: { money_out_cents: number };
}

export interface ApprovalDecision {
  required: boolean;
  /** The rule as written: `always`, `never`, `tool default`, or the condition. */
  rule: string;
  /** Why, in words a reviewer reads in the trace. */
  reason: string;
}

export interface ToolPolicy {
  readonly tool: string;
  readonly risk: RiskTier;
  readonly rule: string;
  /** Whether a rule or chain condition reads `run` (the run's payouts, which cost a query to gather). */
  readonly readsRun: boolean;
  decide(input: PolicyInput): ApprovalDecision;
  /** The approvers in order when a chain applies; empty means one approval by any reviewer. */
  chainFor(input: PolicyInput): readonly ApprovalStep[];
}

/** Each registered tool's policy: the configured override if any, else the tool's own rule. */
export class PolicyBook {
  readonly #policies = new Map<string, ToolPolicy>();
  readonly #tools: ToolRegistry;
  readonly #overrides: Readonly<Record<string, ToolPolicyOverride>>;

  constructor(tools: ToolRegistry, overrides: Readonly<Record<string, ToolPolicyOverride>> = {}) {
    this.#tools = tools;
    this.#overrides = overrides;
  }

  /** Throws unknown_tool for a name no process has registered. */
  get(name: string): ToolPolicy {
    let policy = this.#policies.get(name);
    if (!policy) {
      const override = this.#overrides[name];
      policy = withChains(policyFor(this.#tools.get(name), override), override?.approval_chains ?? []);
      this.#policies.set(name, policy);
    }
    return policy;
  }

  list(): ToolPolicy[] {
    return this.#tools.list().map((tool) => this.get(tool.name));
  }
}

type BasePolicy = Omit<ToolPolicy, 'chainFor'>;

/** A chain whose condition cannot be evaluated is skipped; the approval itself still fails closed. */
function withChains(policy: BasePolicy, chains: readonly { when: string; steps: readonly ApprovalStep[] }[]): ToolPolicy {
  const compiled = chains.map((chain) => ({ when: compileCondition(chain.when), steps: chain.steps }));
  const chainFor = (input: PolicyInput): readonly ApprovalStep[] => {
    const variables = { ...input.session, args: input.args, run: input.run };
    return compiled.find((chain) => {
      const result = chain.when.evaluate(variables);
      return result.ok && result.value;
    })?.steps ?? [];
  };
  return Object.freeze({ ...policy, readsRun: policy.readsRun || chains.some((chain) => readsRun(chain.when)), chainFor });
}

/** Whether a condition names the `run` variable (a mention inside a string literal counts too: safe). */
function readsRun(source: string): boolean {
  return /\brun\b/.test(source);
}

function policyFor(tool: Tool, override: ToolPolicyOverride | undefined): BasePolicy {
  const risk = override?.risk ?? tool.risk;
  const approval = override?.approval;
  if (approval === 'always' || approval === 'never') return fixedPolicy(tool.name, risk, approval);
  if (approval !== undefined) return conditionalPolicy(tool.name, risk, compileCondition(approval));
  if (override?.risk !== undefined && tool.approvalRule !== 'conditional') return fixedPolicy(tool.name, risk, gatedTier(risk) ? 'always' : 'never');
  return toolDefaultPolicy(tool, risk);
}

function fixedPolicy(tool: string, risk: RiskTier, rule: 'always' | 'never'): BasePolicy {
  const decision: ApprovalDecision = rule === 'always'
    ? { required: true, rule, reason: `${tool} always needs a reviewer's approval` }
    : { required: false, rule, reason: `${tool} never needs approval` };
  return Object.freeze({ tool, risk, rule, readsRun: false, decide: () => decision });
}

function conditionalPolicy(tool: string, risk: RiskTier, condition: Condition): BasePolicy {
  const decide = (input: PolicyInput): ApprovalDecision => {
    const result = condition.evaluate({ ...input.session, args: input.args, run: input.run });
    // A rule that cannot be evaluated fails closed: a person decides.
    if (!result.ok) return { required: true, rule: condition.source, reason: `approval rule could not be evaluated (${result.error}); a reviewer decides` };
    return result.value
      ? { required: true, rule: condition.source, reason: `approval rule matched: ${condition.source}` }
      : { required: false, rule: condition.source, reason: `approval rule not met: ${condition.source}` };
  };
  return Object.freeze({ tool, risk, rule: condition.source, readsRun: readsRun(condition.source), decide });
}

function toolDefaultPolicy(tool: Tool, risk: RiskTier): BasePolicy {
  const decide = (input: PolicyInput): ApprovalDecision => {
    const required = tool.needsApproval(input.args);
    return { required, rule: `tool default (${tool.approvalRule})`, reason: required ? `${tool.name} needs approval by its own rule` : `${tool.name} is allowed by its own rule` };
  };
  return Object.freeze({ tool: tool.name, risk, rule: `tool default (${tool.approvalRule})`, readsRun: false, decide });
}

function gatedTier(risk: RiskTier): boolean {
  return risk === 'money' || risk === 'destructive';
}
