// `{{arg}}` placeholders: in the URL they become encoded text; in the body a string that is exactly one
// placeholder keeps the argument's type, so `"{{amount_cents}}"` sends a number, not a string.
import { SwitchboardError } from '../../domain/errors.ts';

const placeholder = /\{\{\s*([A-Za-z_][\w]*(?:\.\w+)*)\s*\}\}/g;
const wholePlaceholder = /^\{\{\s*([A-Za-z_][\w]*(?:\.\w+)*)\s*\}\}$/;

/** The value at a dotted path (`data.refund.id`, `items.0.sku`); undefined when any step is missing. */
export function valueAt(value: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((current, key) => (isIndexable(current) && Object.hasOwn(current, key) ? current[key] : undefined), value);
}

function isIndexable(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** The URL with each placeholder replaced by its argument, percent-encoded; a missing or structured argument is refused. */
export function renderUrl(tool: string, template: string, args: Readonly<Record<string, unknown>>): URL {
  return new URL(template.replace(placeholder, (_match, path: string) => urlSegment(tool, path, valueAt(args, path))));
}

function urlSegment(tool: string, path: string, value: unknown): string {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw new SwitchboardError('invalid_request', `HTTP tool "${tool}" needs the argument "${path}" as a string or number for its URL.`, { tool, argument: path });
  }
  const encoded = encodeURIComponent(String(value));
  // `.` and `..` survive encoding and would climb the URL's path.
  if (encoded === '.' || encoded === '..') throw new SwitchboardError('invalid_request', `HTTP tool "${tool}" cannot put "${encoded}" in its URL.`, { tool, argument: path });
  return encoded;
}

/** The body template filled from the arguments; a missing whole-placeholder field is left out. */
export function renderBody(template: unknown, args: Readonly<Record<string, unknown>>): unknown {
  if (typeof template === 'string') return renderString(template, args);
  if (Array.isArray(template)) return template.map((item) => renderBody(item, args) ?? null);
  if (isIndexable(template)) return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, renderBody(item, args)]));
  return template;
}

function renderString(template: string, args: Readonly<Record<string, unknown>>): unknown {
  const whole = wholePlaceholder.exec(template);
  if (whole) return valueAt(args, whole[1] ?? '');
  return template.replace(placeholder, (_match, path: string) => textOf(valueAt(args, path)));
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined || value === null) return '';
  // Arguments are JSON: numbers and booleans print as themselves, objects as JSON.
  return JSON.stringify(value) ?? '';
}
