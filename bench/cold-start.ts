// Part `cold-start`: how long a fresh process takes to be ready, and its first resume. Two views:
// `switchboard serve` as shipped (the demo configuration, its MCP servers, the HTTP API) from spawn
// to its "listening" line; and a process opening the engine on a store that holds paused refund
// threads, then resuming one (the seed 004 proof: a paused thread continues in a new process).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { markdownGrid } from './benchmarks-doc.ts';
import { writePartSection, type BenchContext } from './bench-context.ts';
import { runChild } from './child-process.ts';
import type { ColdStartSample } from './cold-start-child.ts';
import { benchTempDir, freshPostgresDatabase, removeDir } from './engines/bench-stores.ts';
import type { BenchStore } from './engines/refund-engine.ts';
import { openBenchSwitchboard, refundWorkflowName } from './engines/refund-graph-switchboard.ts';
import { refundRequest } from './engines/refund-logic.ts';
import { format, msSince, summarize, type LatencySummary } from './stats.ts';

export const coldStartSectionTitle = 'Cold start';

const cliEntry = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));
const goalMs = 20;

/** Spawn to the "listening" line, then a clean stop. */
function serveOnce(dataDir: string, cacheDir: string): Promise<number> {
  const started = process.hrtime.bigint();
  const env = { ...process.env, PORT: '0', HOST: '127.0.0.1', SWITCHBOARD_DATA_DIR: dataDir, SWITCHBOARD_CACHE_DIR: cacheDir, SWITCHBOARD_ADMIN_PASSWORD: 'bench-admin-password', LOG_LEVEL: 'warn' };
  const child = spawn(process.execPath, [cliEntry, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  return new Promise((resolve, reject) => {
    let readyMs: number | undefined;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      if (readyMs === undefined && output.includes('Switchboard listening on')) {
        readyMs = msSince(started);
        child.kill('SIGTERM');
      }
    });
    child.once('error', reject);
    child.once('exit', () => (readyMs === undefined ? reject(new Error(`switchboard serve stopped before it was ready:\n${output}`)) : resolve(readyMs)));
  });
}

async function serveStarts(count: number, log: (line: string) => void): Promise<LatencySummary> {
  const dataDir = benchTempDir('serve');
  const cacheDir = benchTempDir('serve-cache');
  try {
    log('cold-start: first `switchboard serve` (migrates, creates the admin, trains the demo classifier; not counted)');
    await serveOnce(dataDir, cacheDir);
    const times: number[] = [];
    for (let i = 0; i < count; i++) times.push(await serveOnce(dataDir, cacheDir));
    return summarize(times);
  } finally {
    removeDir(dataDir);
    removeDir(cacheDir);
  }
}

async function pausedRuns(store: BenchStore, count: number): Promise<string[]> {
  const sb = await openBenchSwitchboard(store);
  try {
    const ids: string[] = [];
    for (let i = 0; i < count; i++) ids.push((await sb.start({ message: refundRequest(i), workflow: refundWorkflowName })).id);
    return ids;
  } finally {
    await sb.close();
  }
}

interface Starts {
  ready: LatencySummary;
  firstResume: LatencySummary;
  secondResume: LatencySummary;
}

interface EngineStarts {
  store: BenchStore['kind'];
  /** As the serve and worker commands open: with the start-up rehearsal (src/app/rehearsal.ts). */
  rehearsed: Starts;
  /** Without it, for the comparison. */
  plain: Starts;
}

function starts(samples: readonly ColdStartSample[]): Starts {
  return { ready: summarize(samples.map((s) => s.readyMs)), firstResume: summarize(samples.map((s) => s.firstResumeMs)), secondResume: summarize(samples.map((s) => s.secondResumeMs)) };
}

/** `count` processes each way, alternated, so a drift in the machine's load touches both alike. */
async function engineStarts(store: BenchStore, count: number): Promise<EngineStarts> {
  const runs = await pausedRuns(store, count * 4);
  const location = store.kind === 'sqlite' ? ['--dir', store.dir] : ['--url', store.url];
  const rehearsed: ColdStartSample[] = [];
  const plain: ColdStartSample[] = [];
  for (let i = 0; i < 2 * count; i++) {
    const withRehearsal = i % 2 === 0;
    const sample = await runChild<ColdStartSample>('cold-start-child.ts', ['--store', store.kind, ...location, '--runs', `${runs[2 * i]},${runs[2 * i + 1]}`, ...(withRehearsal ? [] : ['--no-rehearsal'])]);
    (withRehearsal ? rehearsed : plain).push(sample);
  }
  return { store: store.kind, rehearsed: starts(rehearsed), plain: starts(plain) };
}

export async function benchColdStart(context: BenchContext): Promise<void> {
  const count = context.sizes.coldStarts;
  const serve = await serveStarts(count, context.log);
  context.log('cold-start: fresh processes resuming paused threads');
  const dir = benchTempDir('cold');
  const database = await freshPostgresDatabase('cold');
  try {
    const engines = [await engineStarts({ kind: 'sqlite', dir }, count), await engineStarts({ kind: 'postgres', url: database.url }, count)];
    writePartSection(context, coldStartSectionTitle, sectionLines(count, serve, engines));
  } finally {
    removeDir(dir);
    await database.drop();
  }
}

function sectionLines(count: number, serve: LatencySummary, engines: readonly EngineStarts[]): string[] {
  const name = (kind: BenchStore['kind']) => (kind === 'sqlite' ? 'SQLite' : 'PostgreSQL');
  const rows = [
    ['`switchboard serve` (demo configuration, SQLite): spawn → "listening"', format.ms(serve.p50Ms), format.ms(serve.maxMs)],
    ...engines.flatMap((e) => [
      [`Engine on ${name(e.store)}: process start → ready (modules loaded, store opened and migrated, rehearsal run)`, format.ms(e.rehearsed.ready.p50Ms), format.ms(e.rehearsed.ready.maxMs)],
      [`Engine on ${name(e.store)}: first resume after ready (approve → refund issued → completed)`, format.ms(e.rehearsed.firstResume.p50Ms), format.ms(e.rehearsed.firstResume.maxMs)],
      [`Engine on ${name(e.store)}: second resume in the same process`, format.ms(e.rehearsed.secondResume.p50Ms), format.ms(e.rehearsed.secondResume.maxMs)],
      [`Engine on ${name(e.store)}, no rehearsal: process start → ready`, format.ms(e.plain.ready.p50Ms), format.ms(e.plain.ready.maxMs)],
      [`Engine on ${name(e.store)}, no rehearsal: first resume after ready`, format.ms(e.plain.firstResume.p50Ms), format.ms(e.plain.firstResume.maxMs)],
      [`Engine on ${name(e.store)}, no rehearsal: second resume in the same process`, format.ms(e.plain.secondResume.p50Ms), format.ms(e.plain.secondResume.maxMs)],
    ]),
  ];
  return [
    `${count} fresh processes for each line (after one unmeasured \`serve\` that migrates the store, creates the admin and trains the demo classifier into its cache). \`serve\` starts as shipped, with the demo configuration's MCP servers. The engine lines start a process that opens the benchmark's Switchboard (the refund workflow) on a store holding refund threads paused at the human gate by another process, then approves one of them through \`sb.handle(id).approve()\` and a second one after it. It opens as the \`serve\` and \`worker\` commands do, with the start-up rehearsal (\`rehearse: true\`: one run driven through a message, an approval, a gated tool call and its end inside a transaction that is rolled back, once per connection pool (PostgreSQL has two, SQLite one), so that the first real call does not run code and statements for the first time; src/app/rehearsal.ts); the \`no rehearsal\` lines open without it, alternated with the others, ${count} processes each.`,
    '',
    ...markdownGrid(['Measure', 'Median', 'Slowest'], rows),
    '',
    `Goal (issue 8): the first resume in a fresh process ≤ ${goalMs} ms after ready (median): ${engines.map((e) => `${name(e.store)} **${e.rehearsed.firstResume.p50Ms <= goalMs ? 'met' : 'not met'}** (${format.ms(e.rehearsed.firstResume.p50Ms)}; ${format.ms(e.plain.firstResume.p50Ms)} without the rehearsal, which costs ${format.ms(e.rehearsed.ready.p50Ms - e.plain.ready.p50Ms)} of ready time)`).join(', ')}.`,
  ];
}
