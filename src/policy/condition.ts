// Conditions are CEL expressions (a safe, non-Turing-complete language) compiled once at config load.
// Seed 001 spells its conditions with AND / OR / NOT; those words are accepted and mean && / || / !.
import { Environment, type ParseResult } from '@marcbachmann/cel-js';

export interface Condition {
  /** The expression as written in the configuration. */
  readonly source: string;
  /** True or false for these variables; a missing variable or a type mismatch counts as an error. */
  evaluate(variables: Readonly<Record<string, unknown>>): ConditionResult;
}

export type ConditionResult = { ok: true; value: boolean } | { ok: false; error: string };

export class ConditionSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConditionSyntaxError';
  }
}

const environment = new Environment({ unlistedVariablesAreDyn: true, homogeneousAggregateLiterals: false });

/** Compiles a condition; throws ConditionSyntaxError with the parser's first line when it does not parse. */
export function compileCondition(source: string): Condition {
  let program: ParseResult;
  try {
    program = environment.parse(translateKeywords(source));
  } catch (error) {
    throw new ConditionSyntaxError(firstLine(error));
  }
  return Object.freeze({ source, evaluate: (variables: Readonly<Record<string, unknown>>) => run(program, variables) });
}

function run(program: ParseResult, variables: Readonly<Record<string, unknown>>): ConditionResult {
  try {
    const value: unknown = program(celSafe(variables) as Record<string, unknown>);
    if (typeof value !== 'boolean') return { ok: false, error: `the condition gave ${typeof value}, not true or false` };
    return { ok: true, value };
  } catch (error) {
    return { ok: false, error: firstLine(error) };
  }
}

/** Rewrites the words AND, OR and NOT outside string literals. */
export function translateKeywords(source: string): string {
  return source.replace(/("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')|\b(AND|OR|NOT)\b/g, (match, literal: string | undefined, word: string | undefined) => {
    if (literal !== undefined) return literal;
    return word === 'AND' ? '&&' : word === 'OR' ? '||' : '!';
  });
}

/** CEL has no undefined and no Date; nulls stay, undefined fields disappear, dates become ISO strings. */
function celSafe(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(celSafe);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) if (field !== undefined) out[key] = celSafe(field);
    return out;
  }
  return value;
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]?.trim() ?? message;
}
