// One side of the engine benchmark, in a process of its own so its RSS is its own: one engine on one
// fresh store runs N refund threads (start → pause, then resume → done) with C in flight, after a
// check that every branch routes as it should and a warm-up that is not measured.
import { resourceUsage } from 'node:process';
import { argValue, reportResult } from '../child-process.ts';
import { msSince, runPool, summarize, timed, type LatencySummary } from '../stats.ts';
import { benchTempDir, freshPostgresDatabase, removeDir } from './bench-stores.ts';
import type { BenchStore, EngineName, RefundEngine } from './refund-engine.ts';
import { branchSamples, refundRequest } from './refund-logic.ts';

export interface SideResult {
  engine: EngineName;
  store: BenchStore['kind'];
  threads: number;
  concurrency: number;
  seconds: number;
  threadsPerSecond: number;
  start: LatencySummary;
  resume: LatencySummary;
  bytesPerThread: number;
  peakRssBytes: number;
  durability: string;
}

interface SideOptions {
  engine: EngineName;
  store: BenchStore['kind'];
  threads: number;
  concurrency: number;
  warmup: number;
  langgraphDurability: 'sync' | 'async';
}

async function openEngine(options: SideOptions, store: BenchStore): Promise<RefundEngine> {
  // Each side loads only its own engine's code.
  if (options.engine === 'switchboard') return (await import('./refund-graph-switchboard.ts')).switchboardEngine(store);
  return (await import('./refund-graph-langgraph.ts')).langgraphEngine(store, options.langgraphDurability);
}

async function withStore<T>(kind: BenchStore['kind'], use: (store: BenchStore) => Promise<T>): Promise<T> {
  if (kind === 'sqlite') {
    const dir = benchTempDir('engine');
    try {
      return await use({ kind, dir });
    } finally {
      removeDir(dir);
    }
  }
  const database = await freshPostgresDatabase('engine');
  try {
    return await use({ kind, url: database.url });
  } finally {
    await database.drop();
  }
}

/** Both engines must route every branch the same way, or the figures compare different work. */
async function checkBranches(engine: RefundEngine): Promise<void> {
  for (const sample of branchSamples) {
    const started = await engine.start(sample.message);
    if (started.intent !== sample.intent || started.paused !== (sample.intent === 'refund')) throw new Error(`"${sample.message}" went to ${started.intent} (paused: ${started.paused}).`);
  }
  const approved = await engine.resume((await engine.start(branchSamples[0]?.message ?? '')).id, true);
  const denied = await engine.resume((await engine.start(branchSamples[0]?.message ?? '')).id, false);
  if (!approved.actionResult?.startsWith('Refund issued') || denied.actionResult !== 'Refund denied') throw new Error(`Resume gave "${approved.actionResult}" / "${denied.actionResult}".`);
}

async function measure(engine: RefundEngine, options: SideOptions): Promise<Omit<SideResult, 'engine' | 'store' | 'peakRssBytes'>> {
  const { threads, concurrency } = options;
  const ids: string[] = new Array<string>(threads);
  const startSamples: number[] = [];
  const resumeSamples: number[] = [];
  const before = await engine.storedBytes();
  const begun = process.hrtime.bigint();
  await runPool(threads, concurrency, async (i) => {
    const started = await timed(startSamples, () => engine.start(refundRequest(i)));
    if (!started.paused) throw new Error(`Thread ${i} did not pause at the human gate.`);
    ids[i] = started.id;
  });
  await runPool(threads, concurrency, async (i) => {
    const done = await timed(resumeSamples, () => engine.resume(ids[i] ?? '', true));
    if (!done.actionResult?.startsWith('Refund issued')) throw new Error(`Thread ${i} ended with "${done.actionResult}".`);
  });
  const seconds = msSince(begun) / 1000;
  const after = await engine.storedBytes();
  return { threads, concurrency, seconds, threadsPerSecond: threads / seconds, start: summarize(startSamples), resume: summarize(resumeSamples), bytesPerThread: (after - before) / threads, durability: await engine.durability() };
}

async function warmUp(engine: RefundEngine, count: number): Promise<void> {
  for (let i = 0; i < count; i++) await engine.resume((await engine.start(refundRequest(i))).id, i % 2 === 0);
}

export async function runSide(options: SideOptions): Promise<SideResult> {
  return withStore(options.store, async (store) => {
    const engine = await openEngine(options, store);
    try {
      await checkBranches(engine);
      await warmUp(engine, options.warmup);
      const measured = await measure(engine, options);
      return { engine: options.engine, store: options.store, ...measured, peakRssBytes: resourceUsage().maxRSS * 1024 };
    } finally {
      await engine.close();
    }
  });
}

if (import.meta.filename === process.argv[1]) {
  const args = process.argv.slice(2);
  const result = await runSide({
    engine: argValue(args, 'engine') as EngineName,
    store: argValue(args, 'store') as BenchStore['kind'],
    threads: Number(argValue(args, 'threads')),
    concurrency: Number(argValue(args, 'concurrency')),
    warmup: Number(argValue(args, 'warmup', '50')),
    langgraphDurability: argValue(args, 'durability', 'sync') as 'sync' | 'async',
  });
  reportResult(result);
}
