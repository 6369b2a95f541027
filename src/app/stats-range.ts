// The days a numbers request covers: UTC calendar days, both ends included, the last 30 by default.
import type { Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';

const dayMs = 86_400_000;
/** A year and a day: enough for any chart, small enough for one answer. */
export const maxDays = 366;
export const defaultDays = 30;

export interface DayRange {
  from: string;
  to: string;
  /** Every day from `from` to `to`, as YYYY-MM-DD. */
  days: string[];
  /** ISO bounds for comparing stored timestamps as text: `since` ≤ t < `until`. */
  since: string;
  until: string;
}

export function dayRange(clock: Clock, requested: { from?: string | undefined; to?: string | undefined }): DayRange {
  const to = requested.to === undefined ? dayOf(clock.now()) : parseDay(requested.to, 'to');
  const from = requested.from === undefined ? new Date(to.getTime() - (defaultDays - 1) * dayMs) : parseDay(requested.from, 'from');
  if (from > to) throw new SwitchboardError('invalid_request', `from (${isoDay(from)}) is after to (${isoDay(to)}); give from ≤ to.`, { from: isoDay(from), to: isoDay(to) });
  const count = (to.getTime() - from.getTime()) / dayMs + 1;
  if (count > maxDays) throw new SwitchboardError('invalid_request', `The range covers ${count} days; ask for at most ${maxDays} at a time.`, { days: count });
  const days = Array.from({ length: count }, (_, index) => isoDay(new Date(from.getTime() + index * dayMs)));
  return { from: isoDay(from), to: isoDay(to), days, since: isoDay(from), until: isoDay(new Date(to.getTime() + dayMs)) };
}

/** YYYY-MM-DD naming a real day (no 2026-02-30), as UTC midnight. */
function parseDay(text: string, name: string): Date {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const date = match ? new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))) : null;
  if (!date || isoDay(date) !== text) throw new SwitchboardError('invalid_request', `${name} must be a date as YYYY-MM-DD, not "${text}".`, { [name]: text });
  return date;
}

function dayOf(instant: Date): Date {
  return new Date(Date.UTC(instant.getUTCFullYear(), instant.getUTCMonth(), instant.getUTCDate()));
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
