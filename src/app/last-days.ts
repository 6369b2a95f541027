// A range given as the last N days up to today (UTC), spelt `30d`: the same days the numbers page
// covers for the same N.
import type { Clock } from '../domain/clock.ts';
import { SwitchboardError } from '../domain/errors.ts';
import { dayRange, defaultDays, maxDays, type DayRange } from './stats-range.ts';

export const defaultLastDays = `${defaultDays}d`;

export function lastDaysRange(clock: Clock, text: string = defaultLastDays): DayRange {
  const days = daysIn(text);
  const to = clock.now().toISOString().slice(0, 10);
  const from = new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * 86_400_000).toISOString().slice(0, 10);
  return dayRange(clock, { from, to });
}

function daysIn(text: string): number {
  const match = /^([1-9]\d{0,2})d$/.exec(text);
  const days = match ? Number(match[1]) : NaN;
  if (!(days <= maxDays)) throw new SwitchboardError('invalid_request', `range must be a number of days from 1d to ${maxDays}d (e.g. 30d), not "${text}".`, { range: text });
  return days;
}
