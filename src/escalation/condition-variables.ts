// Which variables a condition reads, found by scanning its text. Used only to decide which names a
// REASON template may use, so a rough scan is enough: CEL itself checks the condition's syntax.
import { compileCondition, ConditionSyntaxError } from '../policy/condition.ts';

const stringLiteral = /"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g;
/** An identifier not preceded by `.` (a field, not a root) and not followed by `(` (a function). */
const rootIdentifier = /(?<![.\w])([A-Za-z_][A-Za-z0-9_]*)(?![\w]*\s*\()/g;
const reserved = new Set(['true', 'false', 'null', 'in', 'AND', 'OR', 'NOT']);

/** The root variable names, e.g. `check_change_eligibility` and `user` for seed 001's AND example. */
export function conditionRoots(source: string): string[] {
  const code = source.replace(stringLiteral, '""');
  const names = [...code.matchAll(rootIdentifier)].map((match) => match[1] ?? '');
  return [...new Set(names.filter((name) => name !== '' && !reserved.has(name)))];
}

/** Null when the condition parses; otherwise the message a config problem shows. */
export function conditionProblem(source: string): string | null {
  try {
    compileCondition(source);
    return null;
  } catch (error) {
    if (!(error instanceof ConditionSyntaxError)) throw error;
    return `not a valid CEL condition: ${error.message}`;
  }
}
