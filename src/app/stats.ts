// The numbers page: per day, per ticket category, per day and category, and over the whole range.
// SQL counts each (day, category) slice; wider slices add those counts up and compute their rates.
import { isoAt, type Clock } from '../domain/clock.ts';
import type { Db } from '../store/connect.ts';
import { addCounts, emptyCounts, figuresOf, type Counts, type Figures } from './stats-figures.ts';
import { statsSlices, type Slice } from './stats-queries.ts';
import { dayRange } from './stats-range.ts';

export interface ProjectStats {
  from: string;
  to: string;
  totals: Figures;
  /** Every day of the range, quiet ones included (zeros), oldest first. */
  days: (Figures & { date: string })[];
  /** Ticket categories with any activity in the range; null: not (yet) categorised. */
  categories: (Figures & { category: string | null })[];
  /** Only the (day, category) pairs with activity. */
  by_day_and_category: (Figures & { date: string; category: string | null })[];
}

export interface StatsDeps {
  db: Db;
  clock: Clock;
}

export async function projectStats(deps: StatsDeps, projectId: string, requested: { from?: string | undefined; to?: string | undefined }): Promise<ProjectStats> {
  const range = dayRange(deps.clock, requested);
  const slices = await statsSlices(deps.db, projectId, range, isoAt(deps.clock));
  const days = rollUp(slices, (slice) => slice.day, range.days);
  const categories = rollUp(slices, (slice) => slice.category, []);
  const cells = rollUp(slices, (slice) => JSON.stringify([slice.day, slice.category]), []);
  return {
    from: range.from,
    to: range.to,
    totals: figuresOf(slices.reduce((total, slice) => addCounts(total, slice.counts), emptyCounts())),
    days: [...days].map(([date, counts]) => ({ date, ...figuresOf(counts) })),
    categories: [...categories].sort(([a], [b]) => byCategory(a, b)).map(([category, counts]) => ({ category, ...figuresOf(counts) })),
    by_day_and_category: [...cells].sort(([a], [b]) => a.localeCompare(b)).map(([key, counts]) => ({ ...cellOf(key), ...figuresOf(counts) })),
  };
}

/** Sums the slices by key; `keys` are present even without a slice (the quiet days of a chart). */
function rollUp<K>(slices: readonly Slice[], keyOf: (slice: Slice) => K, keys: readonly K[]): Map<K, Counts> {
  const sums = new Map<K, Counts>(keys.map((key) => [key, emptyCounts()]));
  for (const slice of slices) sums.set(keyOf(slice), addCounts(sums.get(keyOf(slice)) ?? emptyCounts(), slice.counts));
  return sums;
}

function cellOf(key: string): { date: string; category: string | null } {
  const [date, category] = JSON.parse(key) as [string, string | null];
  return { date, category };
}

/** Named categories alphabetically, the uncategorised last. */
function byCategory(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a.localeCompare(b);
}
