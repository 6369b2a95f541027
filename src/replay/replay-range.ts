// The tickets a replay covers: those created from `from` (included) to `to` (excluded). A date is
// UTC midnight; a full ISO instant is taken as given.
import { SwitchboardError } from '../domain/errors.ts';

export interface ReplayRange {
  /** ISO instants, compared with the stored `created_at` text: since ≤ t < until. */
  since: string;
  until: string;
}

export function replayRange(from: string, to: string): ReplayRange {
  const since = parseInstant(from, 'from');
  const until = parseInstant(to, 'to');
  if (until <= since) throw new SwitchboardError('invalid_request', `to (${to}) must be after from (${from}); the range is from ≤ created < to.`, { from, to });
  return { since: since.toISOString(), until: until.toISOString() };
}

const day = /^(\d{4})-(\d{2})-(\d{2})$/;
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

function parseInstant(text: string, name: string): Date {
  const parsed = parseDay(text) ?? (instant.test(text) ? new Date(text) : null);
  if (!parsed || Number.isNaN(parsed.getTime())) throw new SwitchboardError('invalid_request', `${name} must be a date as YYYY-MM-DD (or an ISO instant), not "${text}".`, { [name]: text });
  return parsed;
}

/** A real day (no 2026-02-30) as UTC midnight; null when the text is not a day. */
function parseDay(text: string): Date | null {
  const match = day.exec(text);
  if (!match) return null;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return date.toISOString().slice(0, 10) === text ? date : new Date(Number.NaN);
}
