// The numbers for one slice (a day, a category, a day's category, or the whole range): counts add up
// across slices, and the rates and percentiles are computed from the added counts, never averaged.

export interface Counts {
  tickets: number;
  autoResolved: number;
  approvalsRequested: number;
  approved: number;
  rejected: number;
  slaBreaches: number;
  handoffs: number;
  tokensIn: number;
  tokensOut: number;
  costUsd: number;
  /** Seconds from each approval task's creation to its decision. */
  decisionSeconds: number[];
}

export interface Figures {
  tickets: number;
  auto_resolved: number;
  /** Tickets whose runs all completed without a human task, of all tickets. */
  auto_resolution_rate: number | null;
  approvals_requested: number;
  approved: number;
  rejected: number;
  /** Of the decided approvals. */
  approval_rate: number | null;
  rejection_rate: number | null;
  time_to_decision_seconds: { median: number | null; p90: number | null; decisions: number };
  sla_breaches: number;
  handoffs: number;
  tokens_in: number;
  tokens_out: number;
  cost_usd: number;
}

export function emptyCounts(): Counts {
  return { tickets: 0, autoResolved: 0, approvalsRequested: 0, approved: 0, rejected: 0, slaBreaches: 0, handoffs: 0, tokensIn: 0, tokensOut: 0, costUsd: 0, decisionSeconds: [] };
}

/** Adds `more` into `into` (summing a slice into a wider one). */
export function addCounts(into: Counts, more: Partial<Counts>): Counts {
  for (const key of numericKeys) into[key] += more[key] ?? 0;
  into.decisionSeconds.push(...(more.decisionSeconds ?? []));
  return into;
}

const numericKeys = ['tickets', 'autoResolved', 'approvalsRequested', 'approved', 'rejected', 'slaBreaches', 'handoffs', 'tokensIn', 'tokensOut', 'costUsd'] as const satisfies readonly (keyof Counts)[];

export function figuresOf(counts: Counts): Figures {
  const decided = counts.approved + counts.rejected;
  const seconds = [...counts.decisionSeconds].sort((a, b) => a - b);
  return {
    tickets: counts.tickets,
    auto_resolved: counts.autoResolved,
    auto_resolution_rate: ratio(counts.autoResolved, counts.tickets),
    approvals_requested: counts.approvalsRequested,
    approved: counts.approved,
    rejected: counts.rejected,
    approval_rate: ratio(counts.approved, decided),
    rejection_rate: ratio(counts.rejected, decided),
    time_to_decision_seconds: { median: median(seconds), p90: nearestRank(seconds, 0.9), decisions: seconds.length },
    sla_breaches: counts.slaBreaches,
    handoffs: counts.handoffs,
    tokens_in: counts.tokensIn,
    tokens_out: counts.tokensOut,
    cost_usd: round(counts.costUsd, 6),
  };
}

export function ratio(part: number, whole: number): number | null {
  return whole === 0 ? null : round(part / whole, 4);
}

/** The middle value, or the mean of the two middle ones. */
export function median(sorted: readonly number[]): number | null {
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  const value = sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
  return round(value ?? 0, 3);
}

/** The smallest value with at least `p` of the values at or below it (nearest-rank percentile). */
export function nearestRank(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  return round(sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? 0, 3);
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
