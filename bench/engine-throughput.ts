// Part `engines`: the refund flow in Switchboard and in LangGraph.js, side by side on SQLite and
// PostgreSQL, one after the other and one at a time vs 32 in flight, each side in its own process.
import { runChild } from './child-process.ts';
import { markdownGrid } from './benchmarks-doc.ts';
import { writePartSection, type BenchContext } from './bench-context.ts';
import type { SideResult } from './engines/engine-side.ts';
import { engineNames, type BenchStore, type EngineName } from './engines/refund-engine.ts';
import { engineVersionsLine, storeVersionsLine } from './machine.ts';
import { format } from './stats.ts';
import { ensureBetterSqlite3 } from './engines/native-addon.ts';

export const engineSectionTitle = 'Engine: the refund flow, Switchboard vs LangGraph.js';

const stores: readonly BenchStore['kind'][] = ['sqlite', 'postgres'];
const concurrencies = [1, 32] as const;
const warmupThreads = 50;
const goals = { sqlite: 10, postgres: 4, bytesPerThread: 4_000 };

interface Measured extends SideResult {
  /** LangGraph's checkpoint timing: `sync` is the comparison, `async` (its default) a reference. */
  mode: 'sync' | 'async';
}

export async function benchEngines(context: BenchContext): Promise<Measured[]> {
  ensureBetterSqlite3(context.log);
  const results: Measured[] = [];
  for (const store of stores) {
    for (const concurrency of concurrencies) {
      for (const engine of engineNames) results.push(await runSide(context, engine, store, concurrency, 'sync'));
    }
    results.push(await runSide(context, 'langgraph', store, 1, 'async'));
  }
  writePartSection(context, engineSectionTitle, [...(await header()), '', ...resultTable(results), '', ...ratioTable(results), '', ...goalLines(results)]);
  return results;
}

async function runSide(context: BenchContext, engine: EngineName, store: BenchStore['kind'], concurrency: number, mode: 'sync' | 'async'): Promise<Measured> {
  context.log(`engines: ${engine}${engine === 'langgraph' ? ` (${mode})` : ''} on ${store}, ${concurrency} in flight, ${context.sizes.threads} threads`);
  const args = ['--engine', engine, '--store', store, '--threads', String(context.sizes.threads), '--concurrency', String(concurrency), '--warmup', String(warmupThreads), '--durability', mode];
  const result = await runChild<SideResult>('engines/engine-side.ts', args);
  context.log(`  ${format.rate(result.threadsPerSecond)} threads/s`);
  return { ...result, mode };
}

async function header(): Promise<string[]> {
  return [
    engineVersionsLine(),
    '',
    await storeVersionsLine(),
    '',
    'The graph (bench/engines/): classify → human gate → issue refund / refund denied, plus the FAQ, ticket and fallback branches; the same node code on both sides (a keyword classifier, no model; a fake payment provider). Switchboard runs it as a code-first workflow through the public API (`sb.start`, `handle.status`, `handle.approve`), with the refund as a gated `money` tool so the call is journalled (intent and result) and checked against the recorded approval; the store keeps the full trace (steps, messages, the human task, the audit entries, the outbox; no worker runs in this part, so outbox rows are counted as written, not yet delivered). LangGraph.js runs a `StateGraph` with `interrupt()` and `Command({ resume })`, checkpointed by `SqliteSaver` or `PostgresSaver`. One change to LangGraph\'s side: SqliteSaver depends on better-sqlite3 12, which aborts Node 24 when the garbage collector finalizes a prepared statement at the wrong moment, and SqliteSaver prepares a new statement on every write; the benchmark makes its connection reuse one statement per SQL text, which also spares it those prepares (if anything, in LangGraph\'s favour).',
    '',
    'Equal durability, as the issue defines it: every step committed before the call returns. SQLite: both sides use WAL with `synchronous=FULL` (Switchboard sets it in src/store/sqlite-database.ts; better-sqlite3 lowers WAL\'s default to NORMAL, so the benchmark sets FULL on SqliteSaver\'s connection). PostgreSQL: `synchronous_commit=on` for both (the server default). Switchboard commits each step in its own transaction before the next one starts; a step the same call goes on from does not wait for the disk (SQLite: its commit joins a batch that is flushed at the end of the event loop\'s turn together with other runs\' commits, i.e. group commit, src/store/group-commit-driver.ts; PostgreSQL: that step is committed on a session set to `synchronous_commit = off`), and the call\'s last commit, which waits for the disk, flushes the earlier ones with it. The commits that wait: the last of each call, and a tool call\'s intent before the tool runs. A crash before a call returns loses only steps of that call, which run again from the last durable one. LangGraph runs with `durability: "sync"` (each checkpoint on disk before the next step, stricter than the issue asks) and, as a second row per store, with its default `"async"` (checkpoints written in the background while the next step runs, awaited before the call returns: the guarantee Switchboard gives). Read back from the stores during the run:',
  ];
}

function durabilityLines(results: readonly Measured[]): string[] {
  const seen = new Map<string, string>();
  for (const r of results) seen.set(`${sideName(r)} on ${storeName(r.store)}`, r.durability);
  return [...seen].map(([side, settings]) => `- ${side}: ${settings}`);
}

function sideName(r: Measured): string {
  if (r.engine === 'switchboard') return 'Switchboard';
  return r.mode === 'sync' ? 'LangGraph.js' : 'LangGraph.js (durability "async")';
}

function storeName(store: BenchStore['kind']): string {
  return store === 'sqlite' ? 'SQLite' : 'PostgreSQL';
}

function resultTable(results: readonly Measured[]): string[] {
  const first = results[0];
  const method = `Each run: a fresh store, a check that every branch routes as expected, ${warmupThreads} warm-up threads (not measured), then ${format.count(first?.threads ?? 0)} refund threads: all started (each pauses at the human gate), then all resumed with an approval (each issues the refund and ends). Threads/s = threads ÷ (wall time of both phases). Latency is per call, start and resume separately. Bytes per thread: growth of the store over the measured threads ÷ threads (SQLite: database and WAL after a checkpoint; PostgreSQL: \`pg_total_relation_size\` of the tables the side uses). Peak RSS: the side's own process (each side runs in a child process of its own).`;
  const rows = results.map((r) => [storeName(r.store), String(r.concurrency), sideName(r), format.rate(r.threadsPerSecond), format.ms(r.start.p50Ms), format.ms(r.start.p99Ms), format.ms(r.resume.p50Ms), format.ms(r.resume.p99Ms), format.bytes(r.bytesPerThread), format.mb(r.peakRssBytes)]);
  return [...durabilityLines(results), '', method, '', ...markdownGrid(['Store', 'In flight', 'Engine', 'Threads/s', 'Start p50', 'Start p99', 'Resume p50', 'Resume p99', 'Bytes/thread', 'Peak RSS'], rows, 3)];
}

interface Pair {
  store: BenchStore['kind'];
  concurrency: number;
  switchboard: Measured;
  langgraph: Measured;
}

function pairs(results: readonly Measured[]): Pair[] {
  const found: Pair[] = [];
  for (const store of stores) {
    for (const concurrency of concurrencies) {
      const side = (engine: EngineName) => results.find((r) => r.engine === engine && r.store === store && r.concurrency === concurrency && r.mode === 'sync');
      const switchboard = side('switchboard');
      const langgraph = side('langgraph');
      if (switchboard && langgraph) found.push({ store, concurrency, switchboard, langgraph });
    }
  }
  return found;
}

function ratioTable(results: readonly Measured[]): string[] {
  const rows = pairs(results).map(({ store, concurrency, switchboard: s, langgraph: l }) => [
    storeName(store),
    String(concurrency),
    format.ratio(s.threadsPerSecond / l.threadsPerSecond),
    asyncRatio(results, s),
    format.ratio(s.start.p50Ms / l.start.p50Ms),
    format.ratio(s.resume.p50Ms / l.resume.p50Ms),
    format.ratio(s.bytesPerThread / l.bytesPerThread),
    format.ratio(s.peakRssBytes / l.peakRssBytes),
  ]);
  return ['Switchboard ÷ LangGraph.js (durability "sync"; the second column against durability "async", where it ran): above 1× in throughput, below 1× in latency, bytes and RSS favour Switchboard.', '', ...markdownGrid(['Store', 'In flight', 'Throughput', 'Throughput vs "async"', 'Start p50', 'Resume p50', 'Bytes/thread', 'Peak RSS'], rows, 2)];
}

function asyncRatio(results: readonly Measured[], s: Measured): string {
  const reference = results.find((r) => r.engine === 'langgraph' && r.mode === 'async' && r.store === s.store && r.concurrency === s.concurrency);
  return reference ? format.ratio(s.threadsPerSecond / reference.threadsPerSecond) : '–';
}

function goalLines(results: readonly Measured[]): string[] {
  const found = pairs(results);
  const throughputGoal = (store: BenchStore['kind'], times: number) => {
    const ratios = found.filter((p) => p.store === store).map((p) => p.switchboard.threadsPerSecond / p.langgraph.threadsPerSecond);
    const met = ratios.length > 0 && ratios.every((ratio) => ratio >= times);
    return `- Throughput ≥ ${times}× LangGraph.js on ${storeName(store)}: **${met ? 'met' : 'not met'}** (${ratios.map(format.ratio).join(' sequential, ')} with 32 in flight).`;
  };
  const bytes = results.filter((r) => r.engine === 'switchboard' && r.concurrency === 1);
  const bytesMet = bytes.length > 0 && bytes.every((r) => r.bytesPerThread <= goals.bytesPerThread);
  return [
    'Goals (issue 8):',
    '',
    throughputGoal('sqlite', goals.sqlite),
    throughputGoal('postgres', goals.postgres),
    `- ≤ ${format.count(goals.bytesPerThread)} bytes per refund thread with the full trace: **${bytesMet ? 'met' : 'not met'}** (${bytes.map((r) => `${format.bytes(r.bytesPerThread)} on ${storeName(r.store)}`).join(', ')}).`,
  ];
}
