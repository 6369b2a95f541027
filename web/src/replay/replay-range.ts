// The replay page's default range and its words: last calendar month (UTC), and how each compared
// decision is named.
import type { ReplayDimension } from '../api/types.ts';

export const dimensionLabels: Record<ReplayDimension, string> = {
  route: 'Route',
  category: 'Category',
  gate: 'Approval gate',
  auto_resolution: 'Auto-resolved',
  escalation: 'Escalation',
};

export const replayDimensions = Object.keys(dimensionLabels) as ReplayDimension[];

/** From the first of last month to the first of this month: `to` is excluded. */
export function lastMonth(today: Date): { from: string; to: string } {
  const to = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1));
  const from = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - 1, 1));
  return { from: day(from), to: day(to) };
}

function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}
