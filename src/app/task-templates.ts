// Fills a task's text from variables: `{{name}}` inserts the value, `${{name}}` a money-style "$" + value (seed 001).
import { SwitchboardError } from '../domain/errors.ts';

export type TemplateValue = string | number | boolean | null;

const placeholder = /(\$?)\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g;

/** The variable names a template uses, each once, in order of first use. */
export function placeholdersIn(template: string): string[] {
  return [...new Set(Array.from(template.matchAll(placeholder), (match) => match[2] ?? ''))];
}

/** Refuses the whole template when any placeholder has no variable, so no half-filled text is stored. */
export function interpolate(template: string, variables: Readonly<Record<string, TemplateValue>>): string {
  const missing = placeholdersIn(template).filter((name) => !Object.hasOwn(variables, name));
  if (missing.length > 0) {
    throw new SwitchboardError('invalid_request', `The reason uses ${missing.map((name) => `{{${name}}}`).join(', ')} but "variables" does not give ${missing.length === 1 ? 'it' : 'them'}.`, { missing });
  }
  return template.replace(placeholder, (_match, dollar: string, name: string) => `${dollar}${String(variables[name])}`);
}
