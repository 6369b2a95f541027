// The auto-approve threshold a tool's history supports: the largest amount X such that enough decided
// approvals at or below X exist and at least the target share of them were approved as proposed.
// An approval with edited arguments does not count as approved here: auto-approving would have paid
// what the reviewer changed.
import { stringify } from 'yaml';
import { formatMoney } from '../domain/money.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { ratio } from './stats-figures.ts';

/** Fewer decisions than this say too little to suggest anything. */
export const minimumDecisions = 20;
export const defaultTarget = 0.99;

/** A person's decision on a call whose arguments carry `amount_cents`. */
export interface AmountDecision {
  cents: number;
  currency: string;
  approvedAsProposed: boolean;
}

export type ThresholdStatus = 'suggested' | 'not_enough_data' | 'below_target';

export interface ThresholdSuggestion {
  tool: string;
  currency: string;
  status: ThresholdStatus;
  /** Auto-approve at or below this amount; null without a suggestion. */
  max_amount_cents: number | null;
  /** Decisions at or below the amount (without a suggestion: all of them), and those approved as proposed. */
  decided: number;
  approved: number;
  share: number | null;
  sentence: string;
  /** The tool's policy with the threshold, as it would go into the configuration. */
  policy_yaml: string | null;
}

export interface ThresholdRequest {
  tool: string;
  /** The tool's approval rule now (`always`, a CEL condition, …): a condition is kept, the threshold added. */
  currentRule: string | null;
  decisions: readonly AmountDecision[];
  target: number;
  days: number;
}

interface Threshold {
  cents: number;
  decided: number;
  approved: number;
}

/** The target share as a query gives it: a number above 0 and at most 1. */
export function parseTarget(text: string | undefined): number {
  if (text === undefined) return defaultTarget;
  const target = /^(0(\.\d+)?|1(\.0+)?)$/.test(text) ? Number(text) : NaN;
  if (!(target > 0)) throw new SwitchboardError('invalid_request', `target must be a share above 0 and at most 1 (e.g. 0.99), not "${text}".`, { target: text });
  return target;
}

/** One suggestion per currency the tool's amounts came in. */
export function thresholdSuggestions(request: ThresholdRequest): ThresholdSuggestion[] {
  const currencies = [...new Set(request.decisions.map((decision) => decision.currency))].sort();
  return currencies.map((currency) => suggestionFor(request, currency, currencies.length > 1));
}

function suggestionFor(request: ThresholdRequest, currency: string, severalCurrencies: boolean): ThresholdSuggestion {
  const decisions = request.decisions.filter((decision) => decision.currency === currency);
  const all = { decided: decisions.length, approved: decisions.filter((decision) => decision.approvedAsProposed).length };
  const base = { tool: request.tool, currency, max_amount_cents: null, ...all, share: ratio(all.approved, all.decided), policy_yaml: null };
  if (decisions.length < minimumDecisions) return { ...base, status: 'not_enough_data', sentence: notEnoughData(request, currency, decisions.length) };
  const threshold = largestApprovedAmount(decisions, request.target);
  if (!threshold) return { ...base, status: 'below_target', sentence: belowTarget(request, currency, all) };
  const condition = approvalCondition(request.currentRule, threshold.cents, severalCurrencies ? currency : null);
  const sentence = `${request.tool} ≤ ${formatMoney({ amountCents: threshold.cents, currency })} was approved as proposed ${percent(threshold.approved / threshold.decided)} of the time (${threshold.approved} of ${threshold.decided}) in ${daysText(request.days)}.`;
  return { ...base, status: 'suggested', max_amount_cents: threshold.cents, decided: threshold.decided, approved: threshold.approved, share: ratio(threshold.approved, threshold.decided), sentence, policy_yaml: policyYaml(request.tool, condition, sentence) };
}

/** The largest amount at or below which at least `minimum` decisions exist and the target share was approved. */
export function largestApprovedAmount(decisions: readonly AmountDecision[], target: number, minimum = minimumDecisions): Threshold | null {
  const sorted = [...decisions].sort((a, b) => a.cents - b.cents);
  let best: Threshold | null = null;
  let approved = 0;
  for (const [index, decision] of sorted.entries()) {
    if (decision.approvedAsProposed) approved += 1;
    const decided = index + 1;
    const lastAtThisAmount = sorted[index + 1]?.cents !== decision.cents;
    if (lastAtThisAmount && decided >= minimum && approved / decided >= target) best = { cents: decision.cents, decided, approved };
  }
  return best;
}

/**
 * Approval stays required above the amount (in its currency when the tool sees several); a current
 * CEL condition still applies on top, so the change only ever lets through calls at or below it.
 */
export function approvalCondition(currentRule: string | null, cents: number, currency: string | null): string {
  const above = currency === null ? `args.amount_cents > ${cents}` : `(args.currency != ${JSON.stringify(currency)} || args.amount_cents > ${cents})`;
  return isCondition(currentRule) ? `(${currentRule}) && ${above}` : above;
}

function isCondition(rule: string | null): rule is string {
  return rule !== null && rule !== 'always' && rule !== 'never' && !rule.startsWith('tool default');
}

function policyYaml(tool: string, condition: string, sentence: string): string {
  return `# ${sentence}\n${stringify({ tools: { [tool]: { approval: condition } } }, { lineWidth: 0 })}`;
}

function notEnoughData(request: ThresholdRequest, currency: string, decided: number): string {
  return `No suggestion for ${request.tool} in ${currency}: ${decided} decided ${decided === 1 ? 'approval' : 'approvals'} with an amount in ${daysText(request.days)}; at least ${minimumDecisions} are needed.`;
}

function belowTarget(request: ThresholdRequest, currency: string, all: { decided: number; approved: number }): string {
  return `No suggestion for ${request.tool} in ${currency}: at no amount were ${percent(request.target)} of at least ${minimumDecisions} decisions approved as proposed in ${daysText(request.days)} (${all.approved} of ${all.decided} overall).`;
}

/** Rounded down to a tenth of a percent, so that a share is never shown above what it is. */
export function percent(share: number): string {
  return `${Math.floor(share * 1000 + 1e-9) / 10}%`;
}

function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
