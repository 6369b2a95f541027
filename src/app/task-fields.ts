// Checks a reviewer's answers against the task's form: each bad field is named with what is wrong.
import { SwitchboardError } from '../domain/errors.ts';
import type { TaskField } from '../domain/human-task.ts';

/** Long enough for any real note, short enough that a form cannot carry a document. */
export const maxLength = { text: 1_000, textarea: 10_000 } as const;

export type FieldProblems = Record<string, string>;

/**
 * `ignored` names keys that are not form answers (an approval's `args` edits the tool call), so
 * they are neither checked nor refused as unknown.
 */
export function fieldProblems(definitions: readonly TaskField[], answers: Readonly<Record<string, unknown>>, ignored: readonly string[] = []): FieldProblems {
  const problems: FieldProblems = {};
  for (const field of definitions) {
    const problem = answerProblem(field, answers[field.name]);
    if (problem) problems[field.name] = problem;
  }
  const known = new Set([...definitions.map((field) => field.name), ...ignored]);
  for (const name of Object.keys(answers)) if (!known.has(name)) problems[name] = 'is not a field of this task';
  return problems;
}

export function assertValidAnswers(definitions: readonly TaskField[], answers: Readonly<Record<string, unknown>>, ignored: readonly string[] = []): void {
  const problems = fieldProblems(definitions, answers, ignored);
  const names = Object.keys(problems);
  if (names.length === 0) return;
  throw new SwitchboardError('invalid_fields', `Fix the fields ${names.join(', ')} and resolve again.`, { fields: problems });
}

function answerProblem(field: TaskField, value: unknown): string | null {
  if (value === undefined || value === null) return field.required ? 'is required' : null;
  switch (field.type) {
    case 'text':
    case 'textarea':
      return textProblem(value, maxLength[field.type]);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'must be a finite number';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'must be true or false';
    case 'date':
      return typeof value === 'string' && isCalendarDate(value) ? null : 'must be a date as YYYY-MM-DD';
    case 'select':
      return typeof value === 'string' && (field.options ?? []).includes(value) ? null : `must be one of ${(field.options ?? []).join(', ')}`;
  }
}

function textProblem(value: unknown, limit: number): string | null {
  if (typeof value !== 'string') return 'must be text';
  return value.length <= limit ? null : `must be at most ${limit} characters`;
}

/** Rejects impossible days like 2026-02-30, which `Date` would silently roll over. */
function isCalendarDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const parsed = new Date(`${value}T00:00:00.000Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === value;
}
