// Part `memory`: paused threads cost rows, not memory. A Switchboard server process (HTTP and worker,
// SQLite) is measured after a full GC when idle, then again after this process has paused N refund
// threads at the human gate in the same store, and once more after the server used some of them.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import type { Switchboard } from '../src/index.ts';
import { writePartSection, type BenchContext } from './bench-context.ts';
import { benchTempDir, removeDir, sqliteFileBytes } from './engines/bench-stores.ts';
import { openBenchSwitchboard, refundWorkflowName, switchboardSqlitePath } from './engines/refund-graph-switchboard.ts';
import { refundRequest } from './engines/refund-logic.ts';
import { markdownGrid } from './benchmarks-doc.ts';
import type { MemoryFigures, ServerReply, ServerRequest } from './paused-memory-server.ts';
import { format, msSince } from './stats.ts';

export const memorySectionTitle = 'Paused threads: server memory';

const warmupThreads = 200;
const touchedThreads = 100;
const goalBytes = 20 * 1024 * 1024;

interface Server {
  request(request: ServerRequest): Promise<ServerReply>;
  measure(): Promise<MemoryFigures>;
  exit(): Promise<void>;
}

function startServer(dir: string): Promise<Server> {
  const child = fork(fileURLToPath(new URL('paused-memory-server.ts', import.meta.url)), [dir], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const next = () => nextReply(child);
  const server: Server = {
    request: (request) => {
      child.send(request);
      return next();
    },
    measure: async () => {
      const reply = await server.request({ kind: 'measure' });
      if (reply.kind !== 'memory') throw new Error(`The server answered ${reply.kind} to measure.`);
      return reply;
    },
    exit: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send({ kind: 'exit' } satisfies ServerRequest);
      await exited;
    },
  };
  return next().then(() => server);
}

function nextReply(child: ChildProcess): Promise<ServerReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`The memory benchmark's server exited with ${code}.`));
    child.once('exit', onExit);
    child.once('message', (reply: ServerReply) => {
      child.off('exit', onExit);
      resolve(reply);
    });
  });
}

/**
 * Pauses `count` refund threads through the engine, from this process. Only this loader's own
 * connection skips fsync (the server's durability is not what is measured here), so the rows go in fast.
 */
async function pauseThreads(dir: string, count: number, log: (line: string) => void): Promise<number> {
  const sb = await openBenchSwitchboard({ kind: 'sqlite', dir });
  try {
    await sql`pragma synchronous = off`.execute(sb.db.kysely);
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      await sb.start({ message: refundRequest(i), workflow: refundWorkflowName });
      if ((i + 1) % Math.max(1, Math.floor(count / 10)) === 0) log(`  ${format.count(i + 1)} threads paused`);
    }
    const seconds = msSince(started) / 1000;
    const waiting = await sb.db.kysely.selectFrom('runs').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'waiting').executeTakeFirstOrThrow();
    if (Number(waiting.n) < count) throw new Error(`Only ${waiting.n} of ${count} threads are waiting.`);
    await outboxDelivered(sb);
    return seconds;
  } finally {
    await sb.close();
  }
}

/** The server's worker delivers the outbox the new threads wrote; measuring waits until it is done. */
async function outboxDelivered(sb: Switchboard): Promise<void> {
  const deadline = Date.now() + 600_000;
  const pending = async () => Number((await sb.db.kysely.selectFrom('outbox').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow()).n);
  while ((await pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 500));
}

export async function benchPausedMemory(context: BenchContext): Promise<void> {
  const count = context.sizes.pausedThreads;
  const dir = benchTempDir('paused');
  const server = await startServer(dir);
  try {
    context.log(`memory: warming the server with ${warmupThreads} threads`);
    await server.request({ kind: 'warm', threads: warmupThreads });
    const idle = await server.measure();
    context.log(`memory: pausing ${format.count(count)} threads at the human gate`);
    const seconds = await pauseThreads(dir, count, context.log);
    const paused = await server.measure();
    await server.request({ kind: 'touch', threads: touchedThreads });
    const touched = await server.measure();
    const storeBytes = sqliteFileBytes(switchboardSqlitePath(dir));
    writePartSection(context, memorySectionTitle, sectionLines(count, seconds, storeBytes, idle, paused, touched));
  } finally {
    await server.exit();
    removeDir(dir);
  }
}

function sectionLines(count: number, seconds: number, storeBytes: number, idle: MemoryFigures, paused: MemoryFigures, touched: MemoryFigures): string[] {
  const optional = (bytes: number | null) => (bytes === null ? '–' : format.mb(bytes));
  const row = (label: string, m: MemoryFigures) => [label, format.mb(m.rssBytes), format.mb(m.rssBytes - idle.rssBytes), format.mb(m.heapUsedBytes), format.mb(m.heapTotalBytes), format.mb(m.externalBytes), optional(m.rssAnonBytes), optional(m.rssFileBytes), optional(m.rssShmemBytes)];
  const added = paused.rssBytes - idle.rssBytes;
  return [
    `A Switchboard server process (the HTTP API and the worker, SQLite store, the refund workflow of the engine part) served ${warmupThreads} refund threads from start to end, so its code is compiled and its caches are warm, then stood idle. Another process then paused ${format.count(count)} refund threads at the human gate in the same store, through the engine (\`sb.start\`, one after the other; ${format.rate(count / seconds)} threads/s with fsync off on that loader's connection only). The second figure is taken once the server's worker has delivered the outbox those threads wrote (it runs all along). The server then listed the first page of pending tasks and approved ${touchedThreads} of the paused threads. Each figure is taken after three full garbage collections (\`--expose-gc\`); heap total is what V8 keeps for its heap, used or not, which follows the recent allocation rate rather than what is alive, and the last three columns split RSS as Linux counts it (private, mapped files, shared memory such as SQLite's WAL index). The store held ${format.mb(storeBytes)} at the end.`,
    '',
    ...markdownGrid(['Server process', 'RSS', 'RSS added', 'Heap used', 'Heap total', 'External', 'RSS anon', 'RSS file', 'RSS shmem'], [row('Idle', idle), row(`${format.count(count)} threads paused`, paused), row(`… after it approved ${touchedThreads} of them`, touched)]),
    '',
    `Goal (issue 8): ${format.count(count)} paused threads add ≤ 20 MB of RSS over an idle server: **${added <= goalBytes ? 'met' : 'not met'}** (${format.mb(added)} added).${count < 100_000 ? ' (The goal is stated for 100,000 threads; this run paused fewer.)' : ''}`,
  ];
}
