// A rehearsal at start: before a long-running process says it is ready, it drives one run the way a
// refund goes (a message, a pause at an approval, the decision, a gated tool call, the end) inside a
// transaction that is then rolled back. Nothing of it stays in the store. What it leaves behind is in
// the process: code that has run once (the first run of a function compiles it, and a statement's
// first build warms the query builder), and on PostgreSQL sessions that have planned the statements
// a run sends. Without it the first call after start paid for all of that (docs/benchmarks.md,
// cold start).
import { z } from 'zod';
import type { Db } from '../store/connect.ts';
import { insideTransaction } from '../store/inside-transaction.ts';
import { isoAt, type Clock } from '../domain/clock.ts';
import { workflow } from '../engine/workflow-builder.ts';
import type { Workflow } from '../engine/graph.ts';
import { defineTool, type Tool } from '../tools/tool.ts';

export const rehearsalWorkflowName = 'switchboard-rehearsal';

const rehearsalTool = defineTool({
  name: 'switchboard_rehearsal_refund',
  description: 'Stands in for a refund in the start-up rehearsal; does nothing.',
  risk: 'money',
  approval: 'always',
  input: z.object({ amount_cents: z.number().int().positive() }),
  execute: async (args) => ({ refunded_cents: args.amount_cents }),
});

const rehearsalWorkflow = workflow<{ approved: boolean | null }>(rehearsalWorkflowName)
  .node('gate', {
    run: async () => ({
      kind: 'interrupt',
      wait: { kind: 'approval', task: { title: 'Rehearsal', reason: 'Start-up rehearsal', priority: 'high', toolCall: { tool: rehearsalTool.name, args: { amount_cents: 100 } } } },
      reply: 'Waiting for approval.',
      record: { layer: 'specialist', source: 'workflow', decision: 'approval_required' },
    }),
    resume: async (_ctx, answer) => {
      const approved = answer.kind === 'approval' && answer.approved;
      return { kind: 'next', update: { approved }, record: { layer: 'human', source: 'human', decision: approved ? 'approved' : 'rejected' } };
    },
  })
  .node('act', {
    run: async (ctx) => {
      await ctx.callTool(rehearsalTool.name, { amount_cents: 100 });
      return { kind: 'next', reply: 'Done.', record: { layer: 'specialist', source: 'tool', decision: 'refunded' } };
    },
  })
  .node('refused', { run: async () => ({ kind: 'next', reply: 'Not approved.', record: { layer: 'specialist', source: 'workflow', decision: 'denied' } }) })
  .route('gate', (state) => (state.approved ? 'approve' : 'deny'), { approve: 'act', deny: 'refused' })
  .build(() => ({ approved: null }));

/** What the rehearsal drives: a Switchboard built on the given store with these workflows and tools. */
export interface RehearsalStage {
  start(options: { message: string; workflow: string; projectId: string }): Promise<{ status(): Promise<{ status: string }>; approve(options: { by: string }): Promise<{ status: string }> }>;
  close(): Promise<void>;
}

export interface RehearsalDeps {
  db: Db;
  clock: Clock;
  /** A fresh project id: the rehearsal's run lives in a project of its own, so it locks no row another process uses. */
  projectId: string;
  stage: (db: Db, parts: { workflows: readonly Workflow[]; tools: readonly Tool[] }) => RehearsalStage;
}

/** Thrown to roll the rehearsal's transaction back once the run is done. */
class RehearsalOver extends Error {}

/**
 * Drives one rehearsal run on each kind of connection the store has (PostgreSQL: the pool whose
 * commits wait for the disk and the one whose commits need not; SQLite has one). Rolls back.
 */
export async function rehearse(deps: RehearsalDeps): Promise<void> {
  const paths = deps.db.dialect.name === 'postgres' ? [false, true] : [false];
  for (const deferCommit of paths) {
    await deps.db
      .transaction(async (trx) => {
        await rehearseOnce(deps, insideTransaction(deps.db, trx));
        throw new RehearsalOver();
      }, { deferCommit })
      .catch((error: unknown) => {
        if (!(error instanceof RehearsalOver)) throw error;
      });
  }
}

async function rehearseOnce(deps: RehearsalDeps, db: Db): Promise<void> {
  await db.kysely.insertInto('projects').values({ id: deps.projectId, name: 'Rehearsal', ticket_counter: 1000, created_at: isoAt(deps.clock) }).execute();
  // A typed state's route functions make Workflow<S> invariant in its state, hence the cast.
  const stage = deps.stage(db, { workflows: [rehearsalWorkflow as unknown as Workflow], tools: [rehearsalTool] });
  try {
    const handle = await stage.start({ message: 'Please refund my order.', workflow: rehearsalWorkflowName, projectId: deps.projectId });
    const paused = await handle.status();
    if (paused.status !== 'waiting') throw new Error(`The rehearsal run did not wait for its approval (${paused.status}).`);
    const done = await handle.approve({ by: 'switchboard' });
    if (done.status !== 'completed') throw new Error(`The rehearsal run ended ${done.status}, not completed.`);
  } finally {
    await stage.close();
  }
}
