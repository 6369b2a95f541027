// What happens after a human finishes an escalation (seed 001's on_human_complete): either one action,
// or a list of `IF <condition>: <action>` rules over `human.*` read in order, the first match winning.
import { compileCondition, type Condition } from '../policy/condition.ts';
import { conditionProblem } from './condition-variables.ts';

export type HumanCompleteAction = { kind: 'complete' } | { kind: 'continue' } | { kind: 'handoff'; agent: string };

/** A rule as loaded: the condition's source (checked at load) and the parsed action. */
export interface HumanCompleteRuleConfig {
  readonly when: string | null;
  readonly action: HumanCompleteAction;
}

export interface HumanCompleteRule {
  /** Null: applies unconditionally. */
  readonly condition: Condition | null;
  readonly action: HumanCompleteAction;
}

/** `COMPLETE`, `CONTINUE`, `HANDOFF to <agent>` (also `HANDOFF <agent>`), any case; null if none of these. */
export function parseHumanCompleteAction(text: string): HumanCompleteAction | null {
  const words = text.trim().split(/\s+/);
  const [verb = '', ...rest] = words;
  switch (verb.toUpperCase()) {
    case 'COMPLETE':
      return rest.length === 0 ? { kind: 'complete' } : null;
    case 'CONTINUE':
      return rest.length === 0 ? { kind: 'continue' } : null;
    case 'HANDOFF':
      return handoff(rest);
    default:
      return null;
  }
}

function handoff(rest: string[]): HumanCompleteAction | null {
  const target = rest[0]?.toLowerCase() === 'to' ? rest.slice(1) : rest;
  return target.length === 1 && target[0] ? { kind: 'handoff', agent: target[0] } : null;
}

export type ReadRule = { ok: true; rule: HumanCompleteRuleConfig } | { ok: false; problem: string };

/** Reads `COMPLETE` (unconditional) or `{ "IF human.resolved == true": "COMPLETE" }` as YAML gives them. */
export function readHumanCompleteRule(item: string | Readonly<Record<string, string>>): ReadRule {
  if (typeof item === 'string') return withAction(null, item);
  const entries = Object.entries(item);
  const [entry] = entries;
  if (entries.length !== 1 || !entry) return { ok: false, problem: 'write one rule per item, as "- IF <condition>: <action>"' };
  const when = conditionOfRuleKey(entry[0]);
  if (when === null) return { ok: false, problem: `"${entry[0]}" should read "IF <condition>"` };
  const problem = conditionProblem(when);
  return problem ? { ok: false, problem } : withAction(when, entry[1]);
}

function withAction(when: string | null, text: string): ReadRule {
  const action = parseHumanCompleteAction(text);
  return action ? { ok: true, rule: { when, action } } : { ok: false, problem: `"${text}" is not COMPLETE, CONTINUE or HANDOFF to <agent>` };
}

/** `IF human.resolved == true` → `human.resolved == true`; null when the key does not start with IF. */
function conditionOfRuleKey(key: string): string | null {
  const match = /^IF\s+(.+)$/i.exec(key.trim());
  return match?.[1]?.trim() ?? null;
}

export function compileHumanCompleteRules(rules: readonly HumanCompleteRuleConfig[]): HumanCompleteRule[] {
  return rules.map((rule) => Object.freeze({ condition: rule.when === null ? null : compileCondition(rule.when), action: rule.action }));
}

/**
 * The first rule whose condition holds for the human's answer (`human.*`) and the session; null when
 * none does, and the caller decides (seed 001: define a rule for every outcome so nothing stalls).
 */
export function decideAfterHuman(rules: readonly HumanCompleteRule[], variables: Readonly<Record<string, unknown>>): HumanCompleteAction | null {
  const match = rules.find((rule) => rule.condition === null || isTrue(rule.condition, variables));
  return match?.action ?? null;
}

function isTrue(condition: Condition, variables: Readonly<Record<string, unknown>>): boolean {
  const result = condition.evaluate(variables);
  return result.ok && result.value;
}
