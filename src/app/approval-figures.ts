// The figures of approval analytics for one tool or one tier: counts add up across tools, and the
// rates, percentiles and top reasons are computed from the added counts, never averaged.
import { nearestRank, ratio } from './stats-figures.ts';

/** How an approval task ended: by a person, by the expiry rule at its deadline, cancelled, or not yet. */
export type ApprovalOutcome = 'approved' | 'rejected' | 'deadline_approved' | 'deadline_rejected' | 'cancelled' | 'open';

/** One approval task, as the figures need it. */
export interface ApprovalRecord {
  tool: string;
  outcome: ApprovalOutcome;
  /** Approved with arguments other than the proposed ones. */
  edited: boolean;
  /** From the task's creation to a person's decision; null for any other outcome. */
  decisionSeconds: number | null;
  /** A person's rejection note, as written. */
  notes: string | null;
}

export interface ApprovalCounts {
  requested: number;
  open: number;
  approved: number;
  edited: number;
  rejected: number;
  deadlineApproved: number;
  deadlineRejected: number;
  cancelled: number;
  decisionSeconds: number[];
  /** Normalised rejection reason (null: none given) → how many rejections gave it. */
  reasons: Map<string | null, number>;
}

export interface ApprovalFigures {
  requested: number;
  open: number;
  /** Decided by a person: approved + rejected. */
  decided: number;
  approved: number;
  approved_with_edits: number;
  rejected: number;
  /** Decided by the expiry rule when nobody answered in time. */
  decided_by_deadline: { approved: number; rejected: number };
  cancelled: number;
  /** Approved of decided (by a person). */
  approval_rate: number | null;
  /** Approved with changed arguments, of approved. */
  override_rate: number | null;
  time_to_decision_seconds: { p50: number | null; p90: number | null; decisions: number };
  /** The most frequent, most frequent first; ties alphabetically, the unexplained last. */
  rejection_reasons: { reason: string | null; count: number }[];
}

export const topReasons = 5;

export function emptyApprovalCounts(): ApprovalCounts {
  return { requested: 0, open: 0, approved: 0, edited: 0, rejected: 0, deadlineApproved: 0, deadlineRejected: 0, cancelled: 0, decisionSeconds: [], reasons: new Map() };
}

/** Adds one task into `into`. */
export function countRecord(into: ApprovalCounts, record: ApprovalRecord): ApprovalCounts {
  into.requested += 1;
  into[outcomeKey[record.outcome]] += 1;
  if (record.outcome === 'approved' && record.edited) into.edited += 1;
  if (record.decisionSeconds !== null) into.decisionSeconds.push(record.decisionSeconds);
  if (record.outcome === 'rejected') addReason(into.reasons, normaliseReason(record.notes), 1);
  return into;
}

const outcomeKey = {
  approved: 'approved',
  rejected: 'rejected',
  deadline_approved: 'deadlineApproved',
  deadline_rejected: 'deadlineRejected',
  cancelled: 'cancelled',
  open: 'open',
} as const satisfies Record<ApprovalOutcome, keyof ApprovalCounts>;

/** Adds `more` into `into` (a tool's counts into its tier's). */
export function addApprovalCounts(into: ApprovalCounts, more: ApprovalCounts): ApprovalCounts {
  for (const key of numericKeys) into[key] += more[key];
  into.decisionSeconds.push(...more.decisionSeconds);
  for (const [reason, count] of more.reasons) addReason(into.reasons, reason, count);
  return into;
}

const numericKeys = ['requested', 'open', 'approved', 'edited', 'rejected', 'deadlineApproved', 'deadlineRejected', 'cancelled'] as const satisfies readonly (keyof ApprovalCounts)[];

export function approvalFiguresOf(counts: ApprovalCounts): ApprovalFigures {
  const decided = counts.approved + counts.rejected;
  const seconds = [...counts.decisionSeconds].sort((a, b) => a - b);
  return {
    requested: counts.requested,
    open: counts.open,
    decided,
    approved: counts.approved,
    approved_with_edits: counts.edited,
    rejected: counts.rejected,
    decided_by_deadline: { approved: counts.deadlineApproved, rejected: counts.deadlineRejected },
    cancelled: counts.cancelled,
    approval_rate: ratio(counts.approved, decided),
    override_rate: ratio(counts.edited, counts.approved),
    time_to_decision_seconds: { p50: nearestRank(seconds, 0.5), p90: nearestRank(seconds, 0.9), decisions: seconds.length },
    rejection_reasons: mostFrequent(counts.reasons),
  };
}

/** "Already refunded." and "already  refunded" are one reason; an empty note is no reason. */
export function normaliseReason(notes: string | null): string | null {
  const reason = (notes ?? '').trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '').toLowerCase();
  return reason === '' ? null : reason;
}

function addReason(reasons: Map<string | null, number>, reason: string | null, count: number): void {
  reasons.set(reason, (reasons.get(reason) ?? 0) + count);
}

function mostFrequent(reasons: Map<string | null, number>): { reason: string | null; count: number }[] {
  return [...reasons]
    .map(([reason, count]) => ({ reason, count }))
    .sort((a, b) => b.count - a.count || byReason(a.reason, b.reason))
    .slice(0, topReasons);
}

function byReason(a: string | null, b: string | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return a.localeCompare(b);
}
