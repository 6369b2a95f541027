// Compaction of finished runs, one batch per transaction: every step keeps its node, layer, source,
// status, decision, confidence, timing, tokens and cost, every tool call its tool, risk, status, key and
// amount; the payloads (run state, step outputs and inputs, tool arguments and results) go, but for the
// few short fields the ticket page and a run's result still show. Tickets, messages, human tasks and
// the audit log are not touched, and each batch adds one audit entry per project.
import { sql, type Transaction } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import type { IdGenerator } from '../domain/ids.ts';
import { isTerminalRun, runStatuses } from '../domain/run.ts';
import { appendAudit } from '../store/audit-chain.ts';
import type { Db } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';
import type { Database } from '../store/schema.ts';

type Trx = Transaction<Database>;

export interface RetentionDeps {
  db: Db;
  clock: Clock;
  ids: IdGenerator;
}

/** Who compacts, in the audit log. */
export const retentionActor = 'system:retention';

/** What a compacted step output, or a compacted tool result, holds. */
export const compactedPayload = toJson({ compacted: true });

/** The run state keys kept: what a finished run's result still reports (chat and `RunHandle`). */
const keptStateKeys = ['action_result'] as const;

/** The step output keys kept: the ticket page's summary and the note for a person taking over. */
const keptStepOutputKeys = ['summary', 'handoff_note'] as const;

/** The tool arguments kept: what money accounting needs. */
const keptToolInputKeys = ['amount_cents', 'currency'] as const;

/** A kept text longer than this is cut, so a compacted run's size has a bound. */
const keptTextLength = 500;

export interface RunCompaction {
  runs: number;
  steps: number;
  tool_calls: number;
  /** Characters in the payload columns of these runs before and after; the store shrinks by the difference. */
  payload_chars_before: number;
  payload_chars_after: number;
}

export const noCompaction: RunCompaction = { runs: 0, steps: 0, tool_calls: 0, payload_chars_before: 0, payload_chars_after: 0 };

/** Compacts up to `limit` finished runs that finished before `before` and are not compacted yet. */
export async function compactRunBatch(deps: RetentionDeps, before: string, limit: number): Promise<RunCompaction> {
  const { db } = deps;
  return db.kysely.transaction().execute(async (trx) => {
    // Other processes compacting at once skip these rows (PostgreSQL) instead of doing them twice.
    const runs = await db.dialect.lockForClaim(compactableRuns(trx, before).select(['id', 'project_id', 'state']).limit(limit)).execute();
    if (runs.length === 0) return noCompaction;
    const runIds = runs.map((run) => run.id);
    const charsBefore = await payloadChars(trx, runIds);
    const steps = await compactSteps(trx, runIds);
    const toolCalls = await compactToolCalls(trx, runIds);
    const now = isoAt(deps.clock);
    for (const run of runs) await trx.updateTable('runs').set({ state: keptState(run.state), resume_value: null, compacted_at: now }).where('id', '=', run.id).execute();
    for (const [projectId, ids] of groupByProject(runs)) await auditCompaction(trx, deps, { projectId, runIds: ids, before, at: now });
    return { runs: runs.length, steps, tool_calls: toolCalls, payload_chars_before: charsBefore, payload_chars_after: await payloadChars(trx, runIds) };
  });
}

/** What a dry run reports: the runs, steps and tool calls a compaction before `before` would touch. */
export async function countCompactable(db: Db, before: string): Promise<Pick<RunCompaction, 'runs' | 'steps' | 'tool_calls'>> {
  const k = db.kysely;
  const runIds = compactableRuns(k, before).select('id');
  const [runs, steps, toolCalls] = await Promise.all([
    compactableRuns(k, before).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
    k.selectFrom('steps').select((eb) => eb.fn.countAll<number | string>().as('n')).where('run_id', 'in', runIds).executeTakeFirstOrThrow(),
    k.selectFrom('tool_calls').select((eb) => eb.fn.countAll<number | string>().as('n')).where('run_id', 'in', runIds).executeTakeFirstOrThrow(),
  ]);
  return { runs: Number(runs.n), steps: Number(steps.n), tool_calls: Number(toolCalls.n) };
}

/**
 * Finished, not yet compacted, finished before the cutoff: read from the partial index `runs_compactable`
 * (0009), so a pass never reads the compacted history. In no particular order, which lets a batch stop
 * after `limit` index entries instead of sorting every old run first.
 */
function compactableRuns(k: Db['kysely'], before: string) {
  return k.selectFrom('runs').where('compacted_at', 'is', null).where('status', 'in', finishedRunStatuses).where('finished_at', '<', before);
}

const finishedRunStatuses = runStatuses.filter(isTerminalRun);

/** One statement for all the steps, then one for each step that keeps a summary (about one per run). */
async function compactSteps(trx: Trx, runIds: readonly string[]): Promise<number> {
  const steps = await trx.selectFrom('steps').select(['id', 'output']).where('run_id', 'in', runIds).execute();
  await trx.updateTable('steps').set({ output: compactedPayload, input_snapshot: null }).where('run_id', 'in', runIds).execute();
  for (const step of steps) {
    const output = keptStepOutput(step.output);
    if (output !== compactedPayload) await trx.updateTable('steps').set({ output }).where('id', '=', step.id).execute();
  }
  return steps.length;
}

async function compactToolCalls(trx: Trx, runIds: readonly string[]): Promise<number> {
  const calls = await trx.selectFrom('tool_calls').select(['id', 'input', 'output']).where('run_id', 'in', runIds).execute();
  for (const call of calls) {
    await trx.updateTable('tool_calls').set({ input: keptToolInput(call.input), output: call.output === null ? null : compactedPayload }).where('id', '=', call.id).execute();
  }
  return calls.length;
}

export const keptState = (state: string): string => kept(state, keptStateKeys);
export const keptStepOutput = (output: string): string => kept(output, keptStepOutputKeys);
export const keptToolInput = (input: string): string => kept(input, keptToolInputKeys);

/** The marker plus the kept keys that hold a value. Idempotent: compacting it again gives the same text. */
function kept(json: string, keys: readonly string[]): string {
  const parsed = fromJson<unknown>(json, {});
  const source = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  const values = keys.filter((key) => source[key] !== undefined && source[key] !== null).map((key) => [key, shortened(source[key])]);
  return toJson({ compacted: true, ...Object.fromEntries(values) });
}

function shortened(value: unknown): unknown {
  return typeof value === 'string' && value.length > keptTextLength ? `${value.slice(0, keptTextLength - 1)}…` : value;
}

async function payloadChars(trx: Trx, runIds: readonly string[]): Promise<number> {
  const runs = await trx.selectFrom('runs').select(sql<number | string | null>`sum(length(state) + coalesce(length(resume_value), 0))`.as('n')).where('id', 'in', runIds).executeTakeFirstOrThrow();
  const steps = await trx.selectFrom('steps').select(sql<number | string | null>`sum(length(output) + coalesce(length(input_snapshot), 0))`.as('n')).where('run_id', 'in', runIds).executeTakeFirstOrThrow();
  const calls = await trx.selectFrom('tool_calls').select(sql<number | string | null>`sum(length(input) + coalesce(length(output), 0))`.as('n')).where('run_id', 'in', runIds).executeTakeFirstOrThrow();
  return Number(runs.n ?? 0) + Number(steps.n ?? 0) + Number(calls.n ?? 0);
}

function groupByProject(runs: readonly { id: string; project_id: string }[]): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const run of runs) {
    const ids = groups.get(run.project_id);
    if (ids) ids.push(run.id);
    else groups.set(run.project_id, [run.id]);
  }
  return groups;
}

async function auditCompaction(trx: Trx, deps: RetentionDeps, entry: { projectId: string; runIds: string[]; before: string; at: string }): Promise<void> {
  await appendAudit(trx, deps.db.dialect, deps.ids, {
    projectId: entry.projectId,
    actor: retentionActor,
    action: 'retention.runs_compacted',
    subjectType: 'project',
    subjectId: entry.projectId,
    data: { finished_before: entry.before, runs: entry.runIds.length, run_ids: entry.runIds },
    at: entry.at,
  });
}
