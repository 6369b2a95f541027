// Support rules (seed 000): ordered, first match wins. A rule matches on keywords, a pattern or a CEL
// condition over the message and the session variables; every part it names must match.
import type { Priority } from '../domain/ticket.ts';
import type { Route, SupportRuleConfig } from '../config/config-schema.ts';
import { compileCondition, type Condition } from '../policy/condition.ts';

export interface SupportRule {
  readonly id: string | number;
  readonly name: string;
  readonly category: string;
  readonly priority: Priority;
  readonly route: Route;
  readonly tags: readonly string[];
  readonly summary: string;
  readonly confidence: number;
  /** Why it matched (the keyword, the pattern's text, or the condition), or null. */
  test(message: string, variables: Readonly<Record<string, unknown>>): string | null;
}

export interface RuleMatch {
  rule: SupportRule;
  evidence: string;
}

export function compileSupportRules(configs: readonly SupportRuleConfig[]): SupportRule[] {
  return configs.filter((config) => config.enabled).map(compileSupportRule);
}

export function firstMatchingRule(rules: readonly SupportRule[], message: string, variables: Readonly<Record<string, unknown>>): RuleMatch | null {
  for (const rule of rules) {
    const evidence = rule.test(message, variables);
    if (evidence !== null) return { rule, evidence };
  }
  return null;
}

function compileSupportRule(config: SupportRuleConfig): SupportRule {
  const keywords = config.keywords.map((keyword) => ({ keyword, pattern: keywordPattern(keyword) }));
  const pattern = config.pattern === undefined ? null : new RegExp(config.pattern, 'iu');
  const condition = config.condition === undefined ? null : compileCondition(config.condition);
  const test = (message: string, variables: Readonly<Record<string, unknown>>): string | null => {
    const parts: string[] = [];
    if (keywords.length > 0) {
      const hit = matchKeywords(keywords, config.match, message);
      if (hit === null) return null;
      parts.push(hit);
    }
    if (pattern) {
      const hit = pattern.exec(message);
      if (!hit) return null;
      parts.push(`"${hit[0]}"`);
    }
    if (condition && !conditionHolds(condition, message, variables)) return null;
    if (condition) parts.push(condition.source);
    return parts.join(' + ');
  };
  return Object.freeze({ id: config.id, name: config.name, category: config.category, priority: config.priority, route: config.route, tags: Object.freeze([...config.tags]), summary: config.summary, confidence: config.confidence, test });
}

function matchKeywords(keywords: readonly { keyword: string; pattern: RegExp }[], mode: 'any' | 'all', message: string): string | null {
  const hits = keywords.filter(({ pattern }) => pattern.test(message)).map(({ keyword }) => `"${keyword}"`);
  if (mode === 'all') return hits.length === keywords.length ? hits.join(', ') : null;
  return hits[0] ?? null;
}

/** Whole words, any case, any run of spaces between the words of a phrase. */
function keywordPattern(keyword: string): RegExp {
  const words = keyword.trim().split(/\s+/).map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`(?<![\\p{L}\\p{N}])${words.join('\\s+')}(?![\\p{L}\\p{N}])`, 'iu');
}

/** A condition that cannot be evaluated (a variable not set yet) does not match. */
function conditionHolds(condition: Condition, message: string, variables: Readonly<Record<string, unknown>>): boolean {
  const result = condition.evaluate({ ...variables, message });
  return result.ok && result.value;
}
