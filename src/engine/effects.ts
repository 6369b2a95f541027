// The effect journal: a tool call is written as `intent` (committed) before it runs and as its result
// after. A step that is re-executed after a crash reaches the same call with the same idempotency key,
// reuses a recorded result, or re-issues the call under that key so the callee can deduplicate.
import type { Selectable } from 'kysely';
import { isoAt, type Clock } from '../domain/clock.ts';
import { canonicalJson } from '../domain/canonical-json.ts';
import { isSwitchboardError, SwitchboardError } from '../domain/errors.ts';
import type { IdGenerator } from '../domain/ids.ts';
import type { Db } from '../store/connect.ts';
import { fromJson, toJson } from '../store/json.ts';
import type { ToolCallTable } from '../store/schema.ts';
import type { ToolRegistry } from '../tools/tool-registry.ts';
import type { ApprovalDecision, PolicyBook, PolicyInput, ToolPolicy } from '../policy/approval-policy.ts';

export interface EffectHooks {
  /** Test seam for crash tests: runs after the intent is journalled, around the tool's execution. */
  beforeToolExecute?(tool: string, idempotencyKey: string): Promise<void>;
  afterToolExecute?(tool: string, idempotencyKey: string): Promise<void>;
}

export interface EffectDeps {
  db: Db;
  tools: ToolRegistry;
  policies: PolicyBook;
  clock: Clock;
  ids: IdGenerator;
  hooks: EffectHooks;
}

export interface CallSite {
  runId: string;
  projectId: string;
  stepSeq: number;
  callIndex: number;
}

export function idempotencyKeyFor(site: CallSite): string {
  return `${site.runId}:${site.stepSeq}:${site.callIndex}`;
}

export async function callToolJournalled(deps: EffectDeps, site: CallSite, name: string, rawArgs: Record<string, unknown>, session: Readonly<Record<string, unknown>>): Promise<unknown> {
  const tool = deps.tools.get(name);
  const args = parseToolArgs(deps.tools, name, rawArgs);
  const key = idempotencyKeyFor(site);
  // A call that already succeeded is answered from the journal: its approval was settled then.
  const recorded = await deps.db.kysely.selectFrom('tool_calls').selectAll().where('idempotency_key', '=', key).executeTakeFirst();
  if (recorded?.status === 'succeeded') return fromJson<unknown>(recorded.output, null);
  const decision = await decideApproval(deps, site.runId, name, args, session);
  if (decision.required) await assertApproved(deps.db, site.runId, name, args);

  const journalled = await journalIntent(deps, site, key, name, deps.policies.get(name).risk, args, recorded);
  if (journalled.status === 'succeeded') return fromJson<unknown>(journalled.output, null);

  await deps.hooks.beforeToolExecute?.(name, key);
  let output: unknown;
  try {
    output = await tool.execute(args, { idempotencyKey: key, runId: site.runId, projectId: site.projectId });
  } catch (error) {
    await recordOutcome(deps, key, { status: 'failed', error: error instanceof Error ? error.message : String(error) });
    throw new SwitchboardError('tool_failed', `Tool "${name}" failed: ${error instanceof Error ? error.message : String(error)}`, { tool: name }, { cause: error });
  }
  await deps.hooks.afterToolExecute?.(name, key);
  await recordOutcome(deps, key, { status: 'succeeded', output: toJson(output) });
  return output;
}

/**
 * A tool's answer that retrying cannot change (an unknown order, an amount above the order total):
 * its message, for the workflow to act on. Null for transient failures, which the engine retries.
 */
export function toolRefusal(error: unknown): string | null {
  if (!isSwitchboardError(error)) return null;
  if (error.code === 'invalid_request') return error.message;
  if (error.code !== 'tool_failed') return null;
  const cause = error.cause;
  return isSwitchboardError(cause) && !cause.retryable ? cause.message : null;
}

/** Validates a call's arguments against the tool's schema; unknown fields are dropped. */
export function parseToolArgs(tools: ToolRegistry, name: string, rawArgs: Record<string, unknown>): Record<string, unknown> {
  const parsed = tools.get(name).input.safeParse(rawArgs);
  if (!parsed.success) throw new SwitchboardError('invalid_request', `Arguments for tool "${name}" are invalid: ${parsed.error.message}`, { tool: name });
  return parsed.data;
}

/** The policy's answer for this call, with what the run has already paid out. */
export async function decideApproval(deps: Pick<EffectDeps, 'db' | 'policies'>, runId: string, name: string, args: Record<string, unknown>, session: Readonly<Record<string, unknown>>): Promise<ApprovalDecision> {
  const policy = deps.policies.get(name);
  return policy.decide(await policyInput(deps.db, runId, args, session, policy));
}

/** What approval rules and chains read: the arguments, the session and, for a policy that reads them, the run's payouts so far. */
export async function policyInput(db: Db, runId: string, args: Record<string, unknown>, session: Readonly<Record<string, unknown>>, policy: ToolPolicy): Promise<PolicyInput> {
  return { args, session, run: { money_out_cents: policy.readsRun ? await moneyOutCents(db, runId) : 0 } };
}

/** The sum of `amount_cents` over this run's succeeded money-tier calls. */
async function moneyOutCents(db: Db, runId: string): Promise<number> {
  const rows = await db.kysely.selectFrom('tool_calls').select('input').where('run_id', '=', runId).where('risk', '=', 'money').where('status', '=', 'succeeded').execute();
  return rows.reduce((sum, row) => {
    const amount = fromJson<{ amount_cents?: unknown } | null>(row.input, null)?.amount_cents;
    return sum + (typeof amount === 'number' && Number.isFinite(amount) ? amount : 0);
  }, 0);
}

/** The engine, not the caller, checks that a gated call was approved with exactly these arguments. */
async function assertApproved(db: Db, runId: string, tool: string, args: Record<string, unknown>): Promise<void> {
  const approved = await db.kysely
    .selectFrom('human_tasks')
    .select('tool_call')
    .where('run_id', '=', runId)
    .where('status', '=', 'completed')
    .where('decision', '=', 'approved')
    .execute();
  const wanted = canonicalJson(args);
  const match = approved.some((row) => {
    const call = fromJson<{ tool?: string; args?: unknown; approvedArgs?: unknown } | null>(row.tool_call, null);
    return call?.tool === tool && canonicalJson(call.approvedArgs ?? call.args) === wanted;
  });
  if (!match) throw new SwitchboardError('approval_required', `Tool "${tool}" needs a reviewer's approval for these arguments.`, { tool });
}

/** The intent is committed (and on disk) before the tool runs: a re-executed step finds it. */
async function journalIntent(deps: EffectDeps, site: CallSite, key: string, name: string, risk: string, args: Record<string, unknown>, existing: Selectable<ToolCallTable> | undefined): Promise<Selectable<ToolCallTable>> {
  const { db } = deps;
  if (existing) {
    if (existing.status === 'succeeded') return existing;
    // Another worker's late execution of the same step may have recorded its success since `existing`
    // was read: that success is final, and is what this call answers with.
    const again = await db.kysely.updateTable('tool_calls').set((eb) => ({ attempts: eb('attempts', '+', 1), status: 'intent' })).where('idempotency_key', '=', key).where('status', '!=', 'succeeded').executeTakeFirst();
    if (Number(again.numUpdatedRows) === 1) return { ...existing, status: 'intent', attempts: existing.attempts + 1 };
    return (await db.kysely.selectFrom('tool_calls').selectAll().where('idempotency_key', '=', key).executeTakeFirst()) ?? existing;
  }
  const row = {
    id: deps.ids(),
    project_id: site.projectId,
    run_id: site.runId,
    step_seq: site.stepSeq,
    call_index: site.callIndex,
    tool: name,
    risk,
    idempotency_key: key,
    status: 'intent',
    input: toJson(args),
    output: null,
    error: null,
    attempts: 1,
    created_at: isoAt(deps.clock),
    finished_at: null,
  };
  await db.kysely.insertInto('tool_calls').values(row).onConflict((oc) => oc.column('idempotency_key').doNothing()).execute();
  return row;
}

/**
 * A recorded success is final: a worker that lost its lease and finishes late must not overwrite it.
 * The result need not wait for the disk: the step's own commit follows and makes it durable, and
 * should both be lost, the intent re-issues the call under the same key.
 */
async function recordOutcome(deps: EffectDeps, key: string, outcome: { status: 'succeeded'; output: string } | { status: 'failed'; error: string }): Promise<void> {
  await deps.db.statement((db) => db.updateTable('tool_calls').set({ ...outcome, finished_at: isoAt(deps.clock) }).where('idempotency_key', '=', key).where('status', '!=', 'succeeded').execute(), { deferCommit: true });
}
