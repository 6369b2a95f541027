// Approval analytics that feed policy: per tool and per risk tier, how approvals were decided, how fast,
// how often reviewers changed the arguments and why they said no; and, for tools that move money, the
// auto-approve threshold the history supports.
import type { Clock } from '../domain/clock.ts';
import type { RiskTier } from '../domain/tool.ts';
import type { PolicyBook } from '../policy/approval-policy.ts';
import type { Db } from '../store/connect.ts';
import { addApprovalCounts, approvalFiguresOf, countRecord, emptyApprovalCounts, type ApprovalCounts, type ApprovalFigures } from './approval-figures.ts';
import { approvalEntries, type ApprovalEntry } from './approval-records.ts';
import { minimumDecisions, parseTarget, thresholdSuggestions, type ThresholdSuggestion } from './approval-threshold.ts';
import { lastDaysRange } from './last-days.ts';

export interface ToolApprovals extends ApprovalFigures {
  tool: string;
  /** The tool's risk tier under today's policies; null for a tool no longer registered. */
  tier: RiskTier | null;
  /** Its approval rule today: `always`, `never`, a CEL condition or `tool default (…)`. */
  rule: string | null;
}

export interface ApprovalAnalytics {
  from: string;
  to: string;
  days: number;
  target: number;
  minimum_decisions: number;
  totals: ApprovalFigures;
  /** Tools with any approval task in the range, alphabetically. */
  tools: ToolApprovals[];
  /** Tiers with any approval task in the range, in the order of the tiers (unknown last). */
  tiers: (ApprovalFigures & { tier: RiskTier | null })[];
  /** One per tool and currency for tools whose calls carry `amount_cents`. */
  thresholds: ThresholdSuggestion[];
}

export interface ApprovalAnalyticsDeps {
  db: Db;
  clock: Clock;
  policies: PolicyBook;
}

export interface ApprovalAnalyticsRequest {
  /** The last N days, as `30d`. */
  range?: string | undefined;
  /** The share of approvals a threshold must reach, above 0 and at most 1. */
  target?: string | undefined;
}

export async function approvalAnalytics(deps: ApprovalAnalyticsDeps, projectId: string, request: ApprovalAnalyticsRequest): Promise<ApprovalAnalytics> {
  const range = lastDaysRange(deps.clock, request.range);
  const target = parseTarget(request.target);
  const entries = await approvalEntries(deps.db, projectId, range);
  const rules = currentRules(deps.policies);
  const tools = [...countsPerTool(entries)].sort(([a], [b]) => a.localeCompare(b)).map(([tool, counts]) => ({ tool, ...(rules.get(tool) ?? { tier: null, rule: null }), counts }));
  return {
    from: range.from,
    to: range.to,
    days: range.days.length,
    target,
    minimum_decisions: minimumDecisions,
    totals: approvalFiguresOf(entries.reduce((total, entry) => countRecord(total, entry.record), emptyApprovalCounts())),
    tools: tools.map(({ counts, ...tool }) => ({ ...tool, ...approvalFiguresOf(counts) })),
    tiers: perTier(tools),
    thresholds: tools.flatMap(({ tool, rule }) => thresholdsFor(entries, tool, rule, target, range.days.length)),
  };
}

function countsPerTool(entries: readonly ApprovalEntry[]): Map<string, ApprovalCounts> {
  const perTool = new Map<string, ApprovalCounts>();
  for (const { record } of entries) perTool.set(record.tool, countRecord(perTool.get(record.tool) ?? emptyApprovalCounts(), record));
  return perTool;
}

function perTier(tools: readonly { tier: RiskTier | null; counts: ApprovalCounts }[]): (ApprovalFigures & { tier: RiskTier | null })[] {
  const perTier = new Map<RiskTier | null, ApprovalCounts>();
  for (const { tier, counts } of tools) perTier.set(tier, addApprovalCounts(perTier.get(tier) ?? emptyApprovalCounts(), counts));
  return [...perTier].sort(([a], [b]) => tierOrder(a) - tierOrder(b)).map(([tier, counts]) => ({ tier, ...approvalFiguresOf(counts) }));
}

const tierOrders: Record<RiskTier, number> = { read: 0, write: 1, money: 2, destructive: 3 };

function tierOrder(tier: RiskTier | null): number {
  return tier === null ? Number.MAX_SAFE_INTEGER : tierOrders[tier];
}

function currentRules(policies: PolicyBook): Map<string, { tier: RiskTier; rule: string }> {
  return new Map(policies.list().map((policy) => [policy.tool, { tier: policy.risk, rule: policy.rule }]));
}

function thresholdsFor(entries: readonly ApprovalEntry[], tool: string, rule: string | null, target: number, days: number): ThresholdSuggestion[] {
  const decisions = entries.flatMap((entry) => (entry.record.tool === tool && entry.amount ? [entry.amount] : []));
  return thresholdSuggestions({ tool, currentRule: rule, decisions, target, days });
}
