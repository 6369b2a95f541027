// Counts what one engine sends PostgreSQL per refund thread (start → pause, resume → done): every
// statement is a round trip, and every transaction or write outside one is a commit, which waits for
// the WAL flush unless its connection runs with synchronous_commit=off. Counted by wrapping pg's
// Client.query in this process only; run as a child.
import pg from 'pg';
import { argValue, reportResult } from '../child-process.ts';
import { freshPostgresDatabase } from './bench-stores.ts';
import type { EngineName, RefundEngine } from './refund-engine.ts';
import { refundRequest } from './refund-logic.ts';

export interface Census {
  engine: EngineName;
  threads: number;
  perThread: { roundTrips: number; commits: number; commitsWaitingForDisk: number };
  statements: { sql: string; perThread: number }[];
}

interface Counts {
  /** Only the measured threads are counted, not the warm-up or closing the store. */
  active: boolean;
  statements: Map<string, number>;
  commits: number;
  commitsWaitingForDisk: number;
}

const inTransaction = new WeakSet<object>();
/** Sessions set to `synchronous_commit = off`. */
const deferredSessions = new WeakSet<object>();

function countQueries(counts: Counts): void {
  const query = Reflect.get(pg.Client.prototype, 'query') as (this: pg.Client, ...args: unknown[]) => unknown;
  const counted = function (this: pg.Client, ...args: unknown[]): unknown {
    const first = args[0];
    const text = (typeof first === 'string' ? first : ((first as { text?: string } | undefined)?.text ?? '')).replace(/\s+/g, ' ').trim();
    if (/^set synchronous_commit\s*=\s*off$/i.test(text)) deferredSessions.add(this);
    if (!counts.active) return query.apply(this, args);
    const verb = text.split(/[\s;]/)[0]?.toLowerCase() ?? '';
    const writes = ['insert', 'update', 'delete'].includes(verb) || (verb === 'with' && /\b(insert|update|delete)\b/i.test(text));
    if (verb === 'begin') inTransaction.add(this);
    if (verb === 'commit' || (writes && !inTransaction.has(this))) countCommit(counts, this);
    if (verb === 'commit' || verb === 'rollback') inTransaction.delete(this);
    const shape = text.length > 110 ? `${text.slice(0, 110)}…` : text;
    counts.statements.set(shape, (counts.statements.get(shape) ?? 0) + 1);
    return query.apply(this, args);
  };
  (pg.Client.prototype as unknown as { query: typeof counted }).query = counted;
}

/** A commit waits for the WAL flush unless its session turned that off. */
function countCommit(counts: Counts, client: pg.Client): void {
  counts.commits++;
  if (!deferredSessions.has(client)) counts.commitsWaitingForDisk++;
}

async function openEngine(engine: EngineName, url: string): Promise<RefundEngine> {
  if (engine === 'switchboard') return (await import('./refund-graph-switchboard.ts')).switchboardEngine({ kind: 'postgres', url });
  return (await import('./refund-graph-langgraph.ts')).langgraphEngine({ kind: 'postgres', url }, 'sync');
}

async function census(engine: EngineName, threads: number): Promise<Census> {
  const database = await freshPostgresDatabase('census');
  const counts: Counts = { active: false, statements: new Map(), commits: 0, commitsWaitingForDisk: 0 };
  countQueries(counts);
  try {
    const refunds = await openEngine(engine, database.url);
    try {
      for (let i = 0; i < 10; i++) await refunds.resume((await refunds.start(refundRequest(i))).id, true);
      counts.active = true;
      for (let i = 0; i < threads; i++) await refunds.resume((await refunds.start(refundRequest(i))).id, true);
      counts.active = false;
    } finally {
      await refunds.close();
    }
  } finally {
    await database.drop();
  }
  const total = [...counts.statements.values()].reduce((sum, n) => sum + n, 0);
  return {
    engine,
    threads,
    perThread: { roundTrips: total / threads, commits: counts.commits / threads, commitsWaitingForDisk: counts.commitsWaitingForDisk / threads },
    statements: [...counts.statements].map(([sql, n]) => ({ sql, perThread: n / threads })).sort((a, b) => b.perThread - a.perThread),
  };
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  reportResult(await census(argValue(args, 'engine') as EngineName, Number(argValue(args, 'threads', '100'))));
}
