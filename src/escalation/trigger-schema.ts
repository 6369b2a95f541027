// The `escalation:` section of switchboard.yaml, in seed 001's own spelling (WHEN, REASON, PRIORITY,
// TAGS, context_for_human, on_human_complete). Conditions, templates and actions are all checked here,
// so a mistake is a load error at its file and line rather than an escalation that never fires.
import { z } from 'zod';
import { priorities } from '../domain/ticket.ts';
import { conditionProblem, conditionRoots } from './condition-variables.ts';
import { readHumanCompleteRule } from './human-complete.ts';
import { parseOnErrorThen } from './on-error.ts';
import { compileTemplate, TemplateSyntaxError } from './template.ts';
import { rootOf, variablePathPattern } from './variable-path.ts';

/**
 * The session variables triage always sets (src/triage/session-variables.ts): a REASON may name them
 * without declaring them.
 */
export const sessionRoots = ['message', 'user', 'intent', 'entities', 'refund_amount', 'messages_count'] as const;

export const escalationLevels = ['agent', 'supervisor'] as const;
export type EscalationLevel = (typeof escalationLevels)[number];

const celCondition = z.string().min(1).superRefine((source, ctx) => {
  const problem = conditionProblem(source);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const templateSource = z.string().min(1).superRefine((source, ctx) => {
  try {
    compileTemplate(source);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    ctx.addIssue({ code: 'custom', message: `not a valid template: ${error.message}` });
  }
});

const variablePath = z.string().regex(variablePathPattern, 'expected a variable path like booking_id or user.email');

/** One `- IF human.resolved == true: COMPLETE` item (YAML reads it as a one-key map), or a bare action. */
const humanCompleteRule = z.union([z.string(), z.record(z.string(), z.string())]).transform((item, ctx) => {
  const read = readHumanCompleteRule(item);
  if (read.ok) return read.rule;
  ctx.addIssue({ code: 'custom', message: read.problem });
  return z.NEVER;
});

/** Seed 001's list of rules; a single action (`on_human_complete: COMPLETE`) is a list of one. */
const humanComplete = z.preprocess((value) => (typeof value === 'string' ? [value] : value), z.array(humanCompleteRule));

const contextForHuman = z.array(variablePath);

const triggerSchema = z.strictObject({
  WHEN: celCondition,
  /** Shown to the human; a template over the session variables. */
  REASON: templateSource,
  PRIORITY: z.enum(priorities),
  TAGS: z.array(z.string().min(1)).default([]),
  /** Overrides the level's list for this trigger. */
  context_for_human: contextForHuman.optional(),
  on_human_complete: humanComplete.optional(),
});

/** Seed 001 writes context_for_human and on_human_complete beside `triggers:`: they apply to each one. */
const levelSchema = z.strictObject({
  triggers: z.array(triggerSchema).default([]),
  context_for_human: contextForHuman.default([]),
  on_human_complete: humanComplete.default([]),
});

const onErrorEntrySchema = z.preprocess(
  lowerCaseKeys,
  z.strictObject({
    respond: z.string().min(1).optional(),
    retry: z.number().int().min(0).max(10).default(0),
    then: z.string().transform((text, ctx) => {
      const then = parseOnErrorThen(text);
      if (then) return then;
      ctx.addIssue({ code: 'custom', message: `"${text}" is not escalate, handoff or handoff <agent>` });
      return z.NEVER;
    }).default({ then: 'escalate', handoffTo: null }),
  }),
);

export const escalationSchema = z
  .strictObject({
    /** Extra variable names a REASON template may use (set by tools or workflows, not by triage). */
    variables: z.array(variablePath).default([]),
    /** Checked after every step of the agent. */
    agent: levelSchema.optional(),
    /** Checked by the supervisor (routing). */
    supervisor: levelSchema.optional(),
    on_error: z
      .strictObject({ tool_error: onErrorEntrySchema.optional(), routing_failure: onErrorEntrySchema.optional() })
      .prefault({}),
  })
  .superRefine((config, ctx) => {
    for (const problem of templateVariableProblems(config)) ctx.addIssue({ code: 'custom', ...problem });
  });

export type EscalationConfig = z.output<typeof escalationSchema>;
export type EscalationLevelConfig = z.output<typeof levelSchema>;
export type TriggerConfig = z.output<typeof triggerSchema>;
export type OnErrorEntryConfig = z.output<typeof onErrorEntrySchema>;


/** Seed 001 writes RESPOND / RETRY / THEN; both spellings of one key leave the upper one to be reported as unknown. */
function lowerCaseKeys(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const lower = (key: string): string => (/^[A-Z_]+$/.test(key) && !(key.toLowerCase() in value) ? key.toLowerCase() : key);
  return Object.fromEntries(Object.entries(value).map(([key, field]) => [lower(key), field]));
}

interface PathedProblem {
  path: (string | number)[];
  message: string;
}

/**
 * A REASON may name: a session variable triage always sets, a variable its WHEN reads, one listed in
 * context_for_human (the trigger's or its level's), or one under `escalation.variables`. Anything else
 * is most likely a typo that would render as "[name not set]" in front of the human.
 */
function templateVariableProblems(config: EscalationConfig): PathedProblem[] {
  const declared = [...sessionRoots, ...(config.variables ?? []).map(rootOf)];
  return escalationLevels.flatMap((level) => {
    const section = config[level];
    if (!Array.isArray(section?.triggers)) return [];
    return section.triggers.flatMap((trigger, index) => triggerProblems(trigger, declared, section.context_for_human ?? []).map((message) => ({ path: [level, 'triggers', index, 'REASON'], message })));
  });
}

function triggerProblems(trigger: TriggerConfig, declared: readonly string[], levelContext: readonly string[]): string[] {
  const allowed = new Set([...declared, ...conditionRoots(trigger.WHEN ?? ''), ...(trigger.context_for_human ?? levelContext).map(rootOf)]);
  return templateVariables(trigger.REASON).filter((name) => !allowed.has(rootOf(name))).map(unknownVariableMessage);
}

function templateVariables(source: string | undefined): readonly string[] {
  try {
    return compileTemplate(source ?? '').variables;
  } catch {
    return []; // already reported at the REASON itself
  }
}

function unknownVariableMessage(name: string): string {
  return `the template names {{${name}}}, an unknown variable: use a session variable (${sessionRoots.join(', ')}), one the WHEN condition or context_for_human names, or list it under escalation.variables`;
}
