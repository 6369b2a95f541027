// Seed 004's refund flow as a code-first Switchboard workflow (the public TypeScript API), with the
// refund as a gated money tool so the effect is journalled, and the adapter the benchmarks drive.
import { join } from 'node:path';
import { sql } from 'kysely';
import { z } from 'zod';
import { createSwitchboard, defineTool, parseConfig, workflow, type Switchboard, type SwitchboardOptions, type Workflow } from '../../src/index.ts';
import type { IntentPredictor } from '../../src/triage/triage.ts';
import { sqliteFileBytes, synchronousName } from './bench-stores.ts';
import type { BenchStore, RefundEngine, Started } from './refund-engine.ts';
import { actionResults, classifyMessage, fakeRefund, replies, type Intent } from './refund-logic.ts';

export const refundWorkflowName = 'bench-refund';

interface RefundState extends Record<string, unknown> {
  message: string;
  intent: Intent | null;
  amount_cents: number | null;
  approved: boolean | null;
  action_result: string | null;
}

export const refundTool = defineTool({
  name: 'bench_refund',
  description: 'Refund a payment (a fake provider).',
  risk: 'money',
  approval: 'always',
  input: z.object({ amount_cents: z.number().int().positive() }),
  execute: (args, { idempotencyKey }) => fakeRefund(args.amount_cents, idempotencyKey),
});

export const refundWorkflow = workflow<RefundState>(refundWorkflowName)
  .node('classify', {
    run: async (ctx) => {
      const { intent, amountCents } = classifyMessage(ctx.state.message);
      return { kind: 'next', update: { intent, amount_cents: amountCents }, record: { layer: 'triage', source: 'keywords', decision: intent, confidence: 1 } };
    },
  })
  .node('handle_faq', { run: async () => ({ kind: 'next', reply: replies.faq, ticket: { category: 'faq' }, record: { layer: 'specialist', source: 'workflow', decision: 'answered' } }) })
  .node('create_ticket', { run: async () => ({ kind: 'next', reply: replies.ticket, ticket: { category: 'technical', status: 'with_human' }, record: { layer: 'specialist', source: 'workflow', decision: 'ticket_created' } }) })
  .node('fallback', { run: async () => ({ kind: 'next', reply: replies.fallback, record: { layer: 'specialist', source: 'workflow', decision: 'fallback' } }) })
  .node('human_gate', {
    run: async (ctx) => ({
      kind: 'interrupt',
      wait: { kind: 'approval', task: { title: `Refund ${ctx.state.amount_cents ?? 0} cents`, reason: 'Refund requested', priority: 'high', toolCall: { tool: refundTool.name, args: { amount_cents: ctx.state.amount_cents ?? 0 } } } },
      reply: replies.paused(ctx.state.amount_cents),
      record: { layer: 'specialist', source: 'workflow', decision: 'approval_required' },
    }),
    resume: async (_ctx, answer) => {
      const approved = answer.kind === 'approval' && answer.approved;
      return { kind: 'next', update: { approved }, record: { layer: 'human', source: 'human', decision: approved ? 'approved' : 'rejected' } };
    },
  })
  .node('issue_refund', {
    run: async (ctx) => {
      await ctx.callTool(refundTool.name, { amount_cents: ctx.state.amount_cents ?? 0 });
      return { kind: 'next', update: { action_result: actionResults.refunded(ctx.state.amount_cents) }, reply: replies.refunded(ctx.state.amount_cents), record: { layer: 'specialist', source: 'tool', decision: 'refunded' } };
    },
  })
  .node('refund_denied', { run: async (ctx) => ({ kind: 'next', update: { action_result: actionResults.denied }, reply: replies.denied(ctx.state.amount_cents), record: { layer: 'specialist', source: 'workflow', decision: 'denied' } }) })
  .route('classify', (s) => s.intent ?? 'unknown', { faq: 'handle_faq', issue: 'create_ticket', refund: 'human_gate', unknown: 'fallback' })
  .route('human_gate', (s) => (s.approved ? 'approve' : 'deny'), { approve: 'issue_refund', deny: 'refund_denied' })
  .build((input) => ({ message: input.message, intent: null, amount_cents: null, approved: null, action_result: null }));

/** The refund graph classifies by keywords; the support workflow's classifier is never asked. */
const unusedClassifier: IntentPredictor = {
  threshold: 1,
  predict: () => ({ label: 'unknown', probability: 0, best: 'unknown', ranked: [] }),
};

/** A Switchboard with the refund workflow, offline, without notification destinations. */
export function openBenchSwitchboard(store: BenchStore, extra: Partial<SwitchboardOptions> = {}): Promise<Switchboard> {
  return createSwitchboard({
    store: store.kind === 'sqlite' ? { kind: 'sqlite', path: switchboardSqlitePath(store.dir) } : { kind: 'postgres', url: store.url },
    config: parseConfig('version: 1\n', { source: 'bench.yaml', baseDir: process.cwd() }),
    // A typed state's route functions make Workflow<RefundState> invariant in its state, hence the cast.
    workflows: [refundWorkflow as unknown as Workflow],
    tools: [refundTool],
    defaultWorkflow: refundWorkflowName,
    classifier: unusedClassifier,
    model: null,
    sinks: [],
    ...extra,
  });
}

export function switchboardSqlitePath(dir: string): string {
  return join(dir, 'switchboard.db');
}

export async function switchboardEngine(store: BenchStore): Promise<RefundEngine> {
  const sb = await openBenchSwitchboard(store);
  return {
    start: async (message): Promise<Started> => {
      const handle = await sb.start({ message, workflow: refundWorkflowName });
      const snapshot = await handle.status();
      return { id: handle.id, paused: snapshot.status === 'waiting', intent: typeof snapshot.state['intent'] === 'string' ? snapshot.state['intent'] : null };
    },
    resume: async (id, approve) => {
      const handle = sb.handle(id);
      const snapshot = approve ? await handle.approve({ by: 'bench' }) : await handle.reject('not eligible', { by: 'bench' });
      return { actionResult: snapshot.actionResult };
    },
    storedBytes: () => storedBytes(sb, store),
    durability: () => durability(sb, store),
    close: () => sb.close(),
  };
}

async function storedBytes(sb: Switchboard, store: BenchStore): Promise<number> {
  if (store.kind === 'postgres') {
    const { rows } = await sql<{ bytes: string | null }>`select sum(pg_total_relation_size(format('%I.%I', schemaname, tablename)::regclass))::text as bytes from pg_tables where schemaname = current_schema()`.execute(sb.db.kysely);
    return Number(rows[0]?.bytes ?? 0);
  }
  await sql`pragma wal_checkpoint(truncate)`.execute(sb.db.kysely);
  return sqliteFileBytes(switchboardSqlitePath(store.dir));
}

async function durability(sb: Switchboard, store: BenchStore): Promise<string> {
  if (store.kind === 'postgres') {
    const { rows } = await sql<{ synchronous_commit: string }>`show synchronous_commit`.execute(sb.db.kysely);
    return `synchronous_commit=${rows[0]?.synchronous_commit ?? '?'}; one statement per step, committed on a synchronous_commit=off session for steps the call goes on from, the last one synchronous`;
  }
  const mode = await sql<{ journal_mode: string }>`pragma journal_mode`.execute(sb.db.kysely);
  const sync = await sql<{ synchronous: number }>`pragma synchronous`.execute(sb.db.kysely);
  return `journal_mode=${mode.rows[0]?.journal_mode ?? '?'}, synchronous=${synchronousName(sync.rows[0]?.synchronous)}; one transaction per step, group commit, on disk before the call returns`;
}
