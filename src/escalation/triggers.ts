// Escalation triggers compiled once from the configuration, and evaluated by the engine after each
// step: `evaluate(level, variables)` says which fired (with the reason rendered for the human) and
// which could not be evaluated, so a trace can show why an expected escalation did not happen.
import type { Priority } from '../domain/ticket.ts';
import { compileCondition, type Condition } from '../policy/condition.ts';
import { compileHumanCompleteRules, type HumanCompleteRule } from './human-complete.ts';
import { defaultOnErrorPolicy, type ErrorKind, type OnErrorPolicy } from './on-error.ts';
import { compileTemplate, type Template } from './template.ts';
import { escalationLevels, type EscalationConfig, type EscalationLevel, type EscalationLevelConfig, type TriggerConfig } from './trigger-schema.ts';
import { readPath } from './variable-path.ts';

export interface FiredTrigger {
  /** The trigger's position in its level's `triggers:` list. */
  readonly index: number;
  readonly level: EscalationLevel;
  readonly reason: string;
  readonly priority: Priority;
  readonly tags: readonly string[];
  /** Each variable named in context_for_human; one the session does not hold is null. */
  readonly contextForHuman: Readonly<Record<string, unknown>>;
  readonly onHumanComplete: readonly HumanCompleteRule[];
}

/** A trigger whose WHEN could not be evaluated (usually a variable not set yet): it did not fire. */
export interface SkippedTrigger {
  readonly index: number;
  readonly level: EscalationLevel;
  readonly when: string;
  readonly error: string;
}

export interface TriggerEvaluation {
  /** In configuration order: the first is the one seed 001 would act on. */
  readonly fired: readonly FiredTrigger[];
  readonly skipped: readonly SkippedTrigger[];
}

export interface TriggerSet {
  evaluate(level: EscalationLevel, variables: Readonly<Record<string, unknown>>): TriggerEvaluation;
  /** How many triggers a level has (zero when the level is not configured). */
  count(level: EscalationLevel): number;
  /** What a trigger says to do once its human task is resolved (seed 001's on_human_complete). */
  onHumanComplete(level: EscalationLevel, index: number): readonly HumanCompleteRule[];
}

interface CompiledTrigger {
  readonly index: number;
  readonly level: EscalationLevel;
  readonly when: Condition;
  readonly reason: Template;
  readonly priority: Priority;
  readonly tags: readonly string[];
  readonly contextForHuman: readonly string[];
  readonly onHumanComplete: readonly HumanCompleteRule[];
}

type Outcome = { fired: FiredTrigger } | { skipped: SkippedTrigger } | null;

/** Compiles a loaded `escalation:` section; a missing section gives a set where nothing fires. */
export function compileTriggers(config: EscalationConfig | undefined): TriggerSet {
  const byLevel = new Map(escalationLevels.map((level) => [level, compileLevel(level, config?.[level])]));
  const triggersOf = (level: EscalationLevel): readonly CompiledTrigger[] => byLevel.get(level) ?? [];
  return Object.freeze({
    evaluate: (level: EscalationLevel, variables: Readonly<Record<string, unknown>>) => evaluateAll(triggersOf(level), variables),
    count: (level: EscalationLevel) => triggersOf(level).length,
    onHumanComplete: (level: EscalationLevel, index: number) => triggersOf(level)[index]?.onHumanComplete ?? [],
  });
}

function compileLevel(level: EscalationLevel, section: EscalationLevelConfig | undefined): CompiledTrigger[] {
  if (!section) return [];
  const levelRules = compileHumanCompleteRules(section.on_human_complete);
  return section.triggers.map((trigger, index) => compileTrigger(level, index, trigger, section, levelRules));
}

/** A trigger's own context_for_human and on_human_complete replace its level's, not add to them. */
function compileTrigger(level: EscalationLevel, index: number, trigger: TriggerConfig, section: EscalationLevelConfig, levelRules: readonly HumanCompleteRule[]): CompiledTrigger {
  return Object.freeze({
    index,
    level,
    when: compileCondition(trigger.WHEN),
    reason: compileTemplate(trigger.REASON),
    priority: trigger.PRIORITY,
    tags: Object.freeze([...trigger.TAGS]),
    contextForHuman: Object.freeze([...(trigger.context_for_human ?? section.context_for_human)]),
    onHumanComplete: trigger.on_human_complete ? compileHumanCompleteRules(trigger.on_human_complete) : levelRules,
  });
}

function evaluateAll(triggers: readonly CompiledTrigger[], variables: Readonly<Record<string, unknown>>): TriggerEvaluation {
  const outcomes = triggers.map((trigger) => evaluateOne(trigger, variables));
  return {
    fired: outcomes.flatMap((outcome) => (outcome && 'fired' in outcome ? [outcome.fired] : [])),
    skipped: outcomes.flatMap((outcome) => (outcome && 'skipped' in outcome ? [outcome.skipped] : [])),
  };
}

function evaluateOne(trigger: CompiledTrigger, variables: Readonly<Record<string, unknown>>): Outcome {
  const result = trigger.when.evaluate(variables);
  if (!result.ok) return { skipped: { index: trigger.index, level: trigger.level, when: trigger.when.source, error: result.error } };
  return result.value ? { fired: fire(trigger, variables) } : null;
}

function fire(trigger: CompiledTrigger, variables: Readonly<Record<string, unknown>>): FiredTrigger {
  return {
    index: trigger.index,
    level: trigger.level,
    reason: trigger.reason.render(variables),
    priority: trigger.priority,
    tags: trigger.tags,
    contextForHuman: Object.fromEntries(trigger.contextForHuman.map((path) => [path, readPath(variables, path) ?? null])),
    onHumanComplete: trigger.onHumanComplete,
  };
}

/** Seed 001's ON_ERROR for a kind of error, with defaults for what is not configured. */
export function onErrorPolicy(config: EscalationConfig | undefined, kind: ErrorKind): OnErrorPolicy {
  const entry = config?.on_error[kind];
  if (!entry) return defaultOnErrorPolicy;
  return Object.freeze({ respond: entry.respond ?? null, retry: entry.retry, then: entry.then.then, handoffTo: entry.then.handoffTo });
}
