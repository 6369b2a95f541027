// Part `scale-out`: on PostgreSQL, 1, 2 and 4 worker processes drain a queue of started refund
// threads (each runs classify and pauses at the human gate: two committed steps and a human task).
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { isoAt } from '../src/domain/clock.ts';
import { formatTicketNumber } from '../src/domain/ids.ts';
import { defaultProjectId, type Switchboard } from '../src/index.ts';
import { markdownGrid } from './benchmarks-doc.ts';
import { writePartSection, type BenchContext } from './bench-context.ts';
import { freshPostgresDatabase } from './engines/bench-stores.ts';
import { openBenchSwitchboard, refundWorkflowName } from './engines/refund-graph-switchboard.ts';
import { refundRequest } from './engines/refund-logic.ts';
import type { WorkerReply, WorkerRequest } from './scale-out-worker.ts';
import { format, msSince } from './stats.ts';

export const scaleOutSectionTitle = 'Scale-out on PostgreSQL';

const workerCounts = [1, 2, 4] as const;
const threadsPerTransaction = 500;

interface Drained {
  workers: number;
  seconds: number;
  threadsPerSecond: number;
}

/**
 * Accepted messages not yet driven: a ticket, the customer's message and a queued run each, as a
 * process leaves them when it takes messages in and lets the workers run them.
 */
async function queueThreads(sb: Switchboard, count: number, batch: number): Promise<void> {
  const workflow = sb.workflows.get(refundWorkflowName);
  for (let first = 0; first < count; first += threadsPerTransaction) {
    await sb.db.kysely.transaction().execute(async (trx) => {
      for (let i = first; i < Math.min(count, first + threadsPerTransaction); i++) {
        const now = isoAt(sb.clock);
        const number = 1_000_000 * batch + i;
        const ticketId = `tkt_bench_${batch}_${i}`;
        const message = refundRequest(i);
        await trx.insertInto('tickets').values({ id: ticketId, project_id: defaultProjectId, number, thread_id: `thr_bench_${batch}_${i}`, status: 'new', category: null, priority: 'medium', subject: message.slice(0, 120), customer_email: null, assignee: null, version: 0, created_at: now, updated_at: now, requested_by: null }).execute();
        const state = workflow.initialState({ message, ticketId, ticketNumber: formatTicketNumber(number), customerEmail: null });
        const { id: runId } = await sb.engine.createRun(trx, { projectId: defaultProjectId, ticketId, workflow: workflow.name, state });
        await trx.insertInto('messages').values({ id: `msg_bench_${batch}_${i}`, project_id: defaultProjectId, ticket_id: ticketId, run_id: runId, role: 'customer', body: message, author: null, created_at: now }).execute();
      }
    });
  }
  // createRun leases each run to its creator; released, they are what the workers' claim looks for.
  await sb.db.kysely.updateTable('runs').set({ status: 'queued', lease_owner: null, lease_expires_at: null }).where('status', '=', 'running').where('lease_owner', '=', sb.engine.workerId).execute();
}

function startWorker(url: string): { child: ChildProcess; ready: Promise<WorkerReply> } {
  const child = fork(fileURLToPath(new URL('scale-out-worker.ts', import.meta.url)), [url], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return { child, ready: nextReply(child) };
}

function nextReply(child: ChildProcess): Promise<WorkerReply> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`A scale-out worker exited with ${code}.`));
    child.once('exit', onExit);
    child.once('message', (reply: WorkerReply) => {
      child.off('exit', onExit);
      resolve(reply);
    });
  });
}

async function unfinished(sb: Switchboard): Promise<number> {
  const row = await sb.db.kysely.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).where('status', 'in', ['queued', 'running']).executeTakeFirstOrThrow();
  return Number(row.n);
}

async function drain(sb: Switchboard, url: string, workers: number, count: number): Promise<Drained> {
  const started = Array.from({ length: workers }, () => startWorker(url));
  await Promise.all(started.map((w) => w.ready));
  const begun = process.hrtime.bigint();
  for (const { child } of started) child.send({ kind: 'go' } satisfies WorkerRequest);
  while ((await unfinished(sb)) > 0) await new Promise((resolve) => setTimeout(resolve, 50));
  const seconds = msSince(begun) / 1000;
  await Promise.all(
    started.map(async ({ child }) => {
      const stopped = nextReply(child);
      child.send({ kind: 'stop' } satisfies WorkerRequest);
      await stopped;
    }),
  );
  return { workers, seconds, threadsPerSecond: count / seconds };
}

export async function benchScaleOut(context: BenchContext): Promise<void> {
  const count = context.sizes.scaleOutThreads;
  const database = await freshPostgresDatabase('scaleout');
  try {
    const sb = await openBenchSwitchboard({ kind: 'postgres', url: database.url });
    const results: Drained[] = [];
    try {
      for (const [batch, workers] of workerCounts.entries()) {
        context.log(`scale-out: queueing ${format.count(count)} threads for ${workers} worker(s)`);
        await queueThreads(sb, count, batch + 1);
        results.push(await drain(sb, database.url, workers, count));
        context.log(`  ${format.rate(results.at(-1)?.threadsPerSecond ?? 0)} threads/s`);
      }
      const paused = await sb.db.kysely.selectFrom('runs').select((eb) => eb.fn.countAll<string>().as('n')).where('status', '=', 'waiting').executeTakeFirstOrThrow();
      if (Number(paused.n) !== count * workerCounts.length) throw new Error(`${paused.n} threads paused; expected ${count * workerCounts.length}.`);
    } finally {
      await sb.close();
    }
    writePartSection(context, scaleOutSectionTitle, sectionLines(count, results));
  } finally {
    await database.drop();
  }
}

function sectionLines(count: number, results: readonly Drained[]): string[] {
  const single = results[0]?.threadsPerSecond ?? 1;
  const rows = results.map((r) => [String(r.workers), `${r.seconds.toFixed(1)} s`, format.rate(r.threadsPerSecond), format.rate(r.threadsPerSecond * 2), format.ratio(r.threadsPerSecond / single)]);
  return [
    `For each number of worker processes, ${format.count(count)} refund threads are queued (ticket, customer message and a queued run each, written directly, as a process that takes messages in without driving them leaves them) in a fresh PostgreSQL database. The workers (\`Worker\` of src/engine/worker.ts through \`sb.worker.start()\`, the loop \`switchboard worker\` runs, with the refund workflow registered; 8 runs claimed per tick, \`FOR UPDATE SKIP LOCKED\`) start together; the time runs until no run is queued or running. Each thread takes two committed steps (classify, then the human gate, which opens the human task and pauses the run).`,
    '',
    ...markdownGrid(['Workers', 'Drain time', 'Threads/s', 'Steps/s', 'Speed-up'], rows),
    '',
    'On a machine with few cores the workers, the PostgreSQL server and this process share them, so the speed-up says as much about the cores as about the engine.',
  ];
}
