// The numbers page's range: the last 7, 30 or 90 days up to today (UTC), kept in the address as
// `?days=7` so that a link shows the same range; the stats API is asked for those days by date.
import { projectApi } from '../api/project.ts';

export const rangeOptions = [7, 30, 90] as const;
export type RangeDays = (typeof rangeOptions)[number];
export const defaultRange: RangeDays = 30;

const dayMs = 86_400_000;

/** The range the address names; anything else is the default. */
export function rangeFromQuery(value: string | null): RangeDays {
  return rangeOptions.find((days) => String(days) === value) ?? defaultRange;
}

/** What goes into the address: nothing for the default range. */
export function rangeQuery(days: RangeDays): string | undefined {
  return days === defaultRange ? undefined : String(days);
}

/** Both days included: the last `days` days up to `today`. */
export function statsPath(days: RangeDays, today: Date): string {
  const to = isoDay(today);
  const from = isoDay(new Date(Date.parse(`${to}T00:00:00Z`) - (days - 1) * dayMs));
  return `${projectApi}/stats?from=${from}&to=${to}`;
}

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}
