// Retention: finished runs older than the configured age are compacted (their payloads dropped) and
// delivered outbox events deleted, while tickets, messages, decisions and the audit chain stay. A pass
// goes batch by batch, each its own short transaction; running it again changes nothing more.
import type { RetentionConfig } from '../config/config-schema.ts';
import type { Db } from '../store/connect.ts';
import { compactRunBatch, countCompactable, noCompaction, type RetentionDeps, type RunCompaction } from './run-compaction.ts';
import { countDeliveredOutbox, deleteDeliveredOutboxBatch } from './outbox-retention.ts';

/** Rows per transaction: enough to move fast, few enough that no lock is held for long. */
export const retentionBatchSize = 500;

const dayMs = 24 * 60 * 60_000;

/** The cutoffs of one pass (ISO times); null leaves that part alone. */
export interface RetentionPolicy {
  runs_finished_before: string | null;
  outbox_delivered_before: string | null;
}

export interface RetentionCounts {
  runs: number;
  steps: number;
  tool_calls: number;
  outbox_events: number;
}

export type RetentionReport = RetentionPolicy & RetentionCounts & Pick<RunCompaction, 'payload_chars_before' | 'payload_chars_after'>;

/** A pass under way: what it has done so far and which parts have nothing left. */
export interface RetentionPass {
  report: RetentionReport;
  runsDone: boolean;
  outboxDone: boolean;
}

/** The cutoffs as of `now`; `runsAfterDays` (the command's --older-than) replaces the configured age of runs. */
export function retentionPolicy(config: RetentionConfig, now: Date, runsAfterDays?: number): RetentionPolicy {
  return { runs_finished_before: daysBefore(now, runsAfterDays ?? config.runs_after_days), outbox_delivered_before: daysBefore(now, config.outbox_delivered_after_days) };
}

function daysBefore(now: Date, days: number | null): string | null {
  return days === null ? null : new Date(now.getTime() - days * dayMs).toISOString();
}

export function startPass(policy: RetentionPolicy): RetentionPass {
  const report: RetentionReport = { ...policy, runs: 0, steps: 0, tool_calls: 0, outbox_events: 0, payload_chars_before: 0, payload_chars_after: 0 };
  return { report, runsDone: policy.runs_finished_before === null, outboxDone: policy.outbox_delivered_before === null };
}

export function isPassDone(pass: RetentionPass): boolean {
  return pass.runsDone && pass.outboxDone;
}

/** One batch of each part that has work left; a part is done once a batch comes back short. */
export async function advancePass(deps: RetentionDeps, pass: RetentionPass, batchSize = retentionBatchSize): Promise<RetentionPass> {
  const { runs_finished_before: runsBefore, outbox_delivered_before: outboxBefore } = pass.report;
  const runs = pass.runsDone || runsBefore === null ? noCompaction : await compactRunBatch(deps, runsBefore, batchSize);
  const events = pass.outboxDone || outboxBefore === null ? 0 : await deleteDeliveredOutboxBatch(deps, outboxBefore, batchSize);
  return {
    report: addUp(pass.report, runs, events),
    runsDone: pass.runsDone || runs.runs < batchSize,
    outboxDone: pass.outboxDone || events < batchSize,
  };
}

function addUp(report: RetentionReport, runs: RunCompaction, events: number): RetentionReport {
  return {
    ...report,
    runs: report.runs + runs.runs,
    steps: report.steps + runs.steps,
    tool_calls: report.tool_calls + runs.tool_calls,
    outbox_events: report.outbox_events + events,
    payload_chars_before: report.payload_chars_before + runs.payload_chars_before,
    payload_chars_after: report.payload_chars_after + runs.payload_chars_after,
  };
}

/** A whole pass at once (the `retention run` command). */
export async function runRetention(deps: RetentionDeps, policy: RetentionPolicy, batchSize = retentionBatchSize): Promise<RetentionReport> {
  let pass = startPass(policy);
  while (!isPassDone(pass)) pass = await advancePass(deps, pass, batchSize);
  return pass.report;
}

/** What a pass would do, counted without changing anything (`retention run --dry-run`). */
export async function countRetention(db: Db, policy: RetentionPolicy): Promise<RetentionPolicy & RetentionCounts> {
  const runs = policy.runs_finished_before === null ? { runs: 0, steps: 0, tool_calls: 0 } : await countCompactable(db, policy.runs_finished_before);
  const outboxEvents = policy.outbox_delivered_before === null ? 0 : await countDeliveredOutbox(db, policy.outbox_delivered_before);
  return { ...policy, ...runs, outbox_events: outboxEvents };
}
