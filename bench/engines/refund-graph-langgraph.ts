// Seed 004's refund flow as a LangGraph.js StateGraph with the same node logic: interrupt() at the
// human gate, Command({ resume }) to continue, SqliteSaver or PostgresSaver as the checkpointer.
import { join } from 'node:path';
import { Annotation, Command, END, START, StateGraph, interrupt, type BaseCheckpointSaver, type LangGraphRunnableConfig } from '@langchain/langgraph';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { PostgresSaver } from '@langchain/langgraph-checkpoint-postgres';
import pg from 'pg';
import { postgresTableBytes, sqliteFileBytes, synchronousName } from './bench-stores.ts';
import type { BenchStore, RefundEngine } from './refund-engine.ts';
import { actionResults, classifyMessage, fakeRefund, replies, type Intent, type RefundReceipt } from './refund-logic.ts';

const RefundState = Annotation.Root({
  message: Annotation<string>(),
  intent: Annotation<Intent | null>(),
  amount_cents: Annotation<number | null>(),
  approved: Annotation<boolean | null>(),
  reply: Annotation<string | null>(),
  action_result: Annotation<string | null>(),
  refund: Annotation<RefundReceipt | null>(),
});
type State = typeof RefundState.State;

interface GateAnswer {
  approved: boolean;
}

export function refundGraph() {
  return new StateGraph(RefundState)
    .addNode('classify', (s: State) => {
      const { intent, amountCents } = classifyMessage(s.message);
      return { intent, amount_cents: amountCents };
    })
    .addNode('handle_faq', () => ({ reply: replies.faq }))
    .addNode('create_ticket', () => ({ reply: replies.ticket }))
    .addNode('fallback', () => ({ reply: replies.fallback }))
    .addNode('human_gate', (s: State) => {
      // Re-executed from its top on resume; interrupt() then returns the answer instead of pausing.
      const answer = interrupt<{ tool: string; args: { amount_cents: number }; reply: string }, GateAnswer>({ tool: 'refund', args: { amount_cents: s.amount_cents ?? 0 }, reply: replies.paused(s.amount_cents) });
      return { approved: answer.approved };
    })
    .addNode('issue_refund', async (s: State, config: LangGraphRunnableConfig) => {
      const threadId = String(config.configurable?.['thread_id']);
      const refund = await fakeRefund(s.amount_cents ?? 0, `${threadId}:issue_refund`);
      return { refund, action_result: actionResults.refunded(s.amount_cents), reply: replies.refunded(s.amount_cents) };
    })
    .addNode('refund_denied', (s: State) => ({ action_result: actionResults.denied, reply: replies.denied(s.amount_cents) }))
    .addEdge(START, 'classify')
    .addConditionalEdges('classify', (s: State) => s.intent ?? 'unknown', { faq: 'handle_faq', issue: 'create_ticket', refund: 'human_gate', unknown: 'fallback' })
    .addConditionalEdges('human_gate', (s: State) => (s.approved ? 'approve' : 'deny'), { approve: 'issue_refund', deny: 'refund_denied' })
    .addEdge('handle_faq', END)
    .addEdge('create_ticket', END)
    .addEdge('fallback', END)
    .addEdge('issue_refund', END)
    .addEdge('refund_denied', END);
}

/** Checkpoint each step before the next starts (LangGraph's default, "async", writes them in the background). */
export type LangGraphDurability = 'sync' | 'async';

export async function langgraphEngine(store: BenchStore, mode: LangGraphDurability = 'sync'): Promise<RefundEngine> {
  const saver = store.kind === 'sqlite' ? sqliteSaver(store.dir) : await postgresSaver(store.url);
  const app = refundGraph().compile({ checkpointer: saver.checkpointer });
  let threads = 0;
  const config = (threadId: string) => ({ configurable: { thread_id: threadId }, durability: mode });
  return {
    start: async (message) => {
      const id = `thread-${++threads}`;
      const result = await app.invoke({ message, intent: null, amount_cents: null, approved: null, reply: null, action_result: null, refund: null }, config(id));
      return { id, paused: '__interrupt__' in result, intent: result.intent };
    },
    resume: async (id, approve) => {
      const result = await app.invoke(new Command({ resume: { approved: approve } satisfies GateAnswer }), config(id));
      return { actionResult: result.action_result };
    },
    storedBytes: saver.storedBytes,
    durability: async () => `${await saver.settings()}; durability: "${mode}" (${mode === 'sync' ? 'each checkpoint written before the next step' : 'checkpoints written in the background, awaited before the call returns'})`,
    close: saver.close,
  };
}

interface Saver {
  checkpointer: BaseCheckpointSaver;
  storedBytes: () => Promise<number>;
  settings: () => Promise<string>;
  close: () => Promise<void>;
}

export function langgraphSqlitePath(dir: string): string {
  return join(dir, 'langgraph.db');
}

/** The part of better-sqlite3's connection (SqliteSaver's `db`) the benchmark uses. */
interface SqliteConnection {
  pragma(source: string, options?: { simple: boolean }): unknown;
  prepare(source: string): unknown;
  close(): void;
}

interface PragmaStatement {
  readonly reader: boolean;
  run(): unknown;
  pluck(on: boolean): PragmaStatement;
  get(): unknown;
  all(): unknown[];
}

/** Statements of every connection, kept until the process exits (see keepStatements). */
const keptStatements = new Set<unknown>();

/**
 * better-sqlite3 12 (what SqliteSaver depends on) aborts Node ≥ 24.19 when the garbage collector
 * finalizes a Statement outside a JavaScript context, and SqliteSaver prepares a new Statement on
 * every write. Reusing one Statement per SQL text (pragmas included) and never letting them be
 * collected avoids the abort; it also spares SqliteSaver its repeated prepares, which only makes
 * LangGraph faster.
 */
function keepStatements(db: SqliteConnection): void {
  const prepare = db.prepare.bind(db);
  const bySql = new Map<string, unknown>();
  keptStatements.add(bySql);
  const kept = (source: string): unknown => {
    let statement = bySql.get(source);
    if (statement === undefined) bySql.set(source, (statement = prepare(source)));
    return statement;
  };
  db.prepare = kept;
  db.pragma = (source, options) => {
    const statement = kept(`PRAGMA ${source}`) as PragmaStatement;
    if (!statement.reader) return statement.run();
    return options?.simple ? statement.pluck(true).get() : statement.pluck(false).all();
  };
}

function sqliteSaver(dir: string): Saver {
  const path = langgraphSqlitePath(dir);
  const checkpointer = SqliteSaver.fromConnString(path);
  const db = checkpointer.db as unknown as SqliteConnection;
  keepStatements(db);
  // SqliteSaver turns on WAL; better-sqlite3 is built with WAL's synchronous default lowered to NORMAL,
  // so FULL is set here to match Switchboard's store.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  return {
    checkpointer,
    storedBytes: async () => {
      db.pragma('wal_checkpoint(TRUNCATE)');
      return sqliteFileBytes(path);
    },
    settings: async () => `journal_mode=${String(db.pragma('journal_mode', { simple: true }))}, synchronous=${synchronousName(Number(db.pragma('synchronous', { simple: true })))}`,
    close: async () => {
      db.close();
    },
  };
}

async function postgresSaver(url: string): Promise<Saver> {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // As Switchboard's own pool does: a server that drops idle connections must not crash the process.
  pool.on('error', () => undefined);
  const checkpointer = new PostgresSaver(pool);
  await checkpointer.setup();
  return {
    checkpointer,
    storedBytes: () => postgresTableBytes(pool, ['checkpoints', 'checkpoint_blobs', 'checkpoint_writes', 'checkpoint_migrations']),
    settings: async () => `synchronous_commit=${(await pool.query<{ synchronous_commit: string }>('show synchronous_commit')).rows[0]?.synchronous_commit ?? '?'}`,
    close: () => pool.end(),
  };
}
