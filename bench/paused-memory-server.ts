// The server process of the paused-threads memory part: a Switchboard with the refund workflow,
// serving HTTP and running its worker, that answers the benchmark's requests over IPC. Run with
// --expose-gc so memory is measured after a full collection.
import { readFileSync } from 'node:fs';
import { startHttpServer } from '../src/api/serve.ts';
import { defaultProjectId } from '../src/index.ts';
import { openBenchSwitchboard, refundWorkflowName } from './engines/refund-graph-switchboard.ts';
import { refundRequest } from './engines/refund-logic.ts';

export type ServerRequest = { kind: 'warm'; threads: number } | { kind: 'measure' } | { kind: 'touch'; threads: number } | { kind: 'exit' };

export interface MemoryFigures {
  rssBytes: number;
  heapUsedBytes: number;
  /** What V8 holds for its heap, used or not: it grows and shrinks with the allocation rate. */
  heapTotalBytes: number;
  externalBytes: number;
  /** Linux's split of RSS (/proc/self/status): private memory, mapped files, shared memory (SQLite's WAL index). */
  rssAnonBytes: number | null;
  rssFileBytes: number | null;
  rssShmemBytes: number | null;
}

export type ServerReply = { kind: 'ready'; url: string } | { kind: 'done' } | ({ kind: 'memory' } & MemoryFigures);

const collectGarbage = (globalThis as { gc?: () => void }).gc;
if (!collectGarbage) throw new Error('Run with --expose-gc.');

const dir = process.argv[2];
if (!dir || !process.send) throw new Error('Started by bench/paused-memory.ts with the store directory and an IPC channel.');
const send = (reply: ServerReply): void => {
  process.send?.(reply);
};

const sb = await openBenchSwitchboard({ kind: 'sqlite', dir });
const server = await startHttpServer(sb, { port: 0, host: '127.0.0.1' });
sb.worker.start();

/** Full threads through the server, so its code is compiled and its caches are warm before the baseline. */
async function warm(threads: number): Promise<void> {
  for (let i = 0; i < threads; i++) {
    const handle = await sb.start({ message: refundRequest(i), workflow: refundWorkflowName });
    await handle.approve({ by: 'bench' });
  }
}

/** Uses the paused threads as a server would: the inbox's first page, then approvals of some of them. */
async function touch(threads: number): Promise<void> {
  const tasks = await sb.tasks.list(defaultProjectId, { status: 'pending', limit: threads });
  for (const task of tasks) if (task.run_id) await sb.handle(task.run_id).approve({ by: 'bench' });
}

async function measure(): Promise<MemoryFigures> {
  for (let i = 0; i < 3; i++) {
    collectGarbage?.();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const usage = process.memoryUsage();
  const status = procStatus();
  return { rssBytes: usage.rss, heapUsedBytes: usage.heapUsed, heapTotalBytes: usage.heapTotal, externalBytes: usage.external, rssAnonBytes: status('RssAnon'), rssFileBytes: status('RssFile'), rssShmemBytes: status('RssShmem') };
}

function procStatus(): (field: string) => number | null {
  let text = '';
  try {
    text = readFileSync('/proc/self/status', 'utf8');
  } catch {
    // Not Linux: the split is left out.
  }
  return (field) => {
    const kilobytes = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)?.[1];
    return kilobytes === undefined ? null : Number(kilobytes) * 1024;
  };
}

async function answer(request: ServerRequest): Promise<void> {
  switch (request.kind) {
    case 'warm':
      await warm(request.threads);
      return send({ kind: 'done' });
    case 'touch':
      await touch(request.threads);
      return send({ kind: 'done' });
    case 'measure':
      return send({ kind: 'memory', ...(await measure()) });
    case 'exit':
      await server.close();
      await sb.close();
      process.disconnect();
  }
}

process.on('message', (request: ServerRequest) => {
  answer(request).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
});
send({ kind: 'ready', url: server.url });
