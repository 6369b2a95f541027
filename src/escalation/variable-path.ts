// A variable path is how triggers name session variables: `refund_amount`, `user.frustration_detected`,
// `check_change_eligibility.eligible`. One grammar for templates, context_for_human and declared names.

/** Identifiers joined by dots; no indexing, no spaces (what seed 001 writes). */
export const variablePathPattern = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

export function isVariablePath(text: string): boolean {
  return variablePathPattern.test(text);
}

/** The first segment: what a session must hold for the path to exist. */
export function rootOf(path: string): string {
  return path.split('.')[0] ?? path;
}

/** The value at the path, or undefined when any segment is missing (null part-way counts as missing). */
export function readPath(variables: Readonly<Record<string, unknown>>, path: string): unknown {
  let value: unknown = variables;
  for (const segment of path.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
