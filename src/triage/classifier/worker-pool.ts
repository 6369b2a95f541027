// Runs training tasks on worker threads and waits for them synchronously (Atomics.wait plus
// receiveMessageOnPort), so training can use every core yet stay a plain function call.
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { runTrainingTask, type TaskResult, type TrainingData, type TrainingTask } from './training-task.ts';

export type WorkerMessage = { type: 'progress'; task: number; fraction: number } | { type: 'result'; task: number; result: TaskResult } | { type: 'error'; message: string } | { type: 'done' };

export type PoolProgress = (task: number, fraction: number) => void;

/** A worker that posts nothing for this long is stuck or dead. */
const silenceLimitMs = 10 * 60 * 1000;

export function runTasks(data: TrainingData, tasks: readonly TrainingTask[], threads: number, onProgress: PoolProgress): TaskResult[] {
  const workerCount = Math.min(threads, tasks.length);
  return workerCount <= 1 ? runInline(data, tasks, onProgress) : runOnWorkers(data, tasks, workerCount, onProgress);
}

export function defaultThreadCount(): number {
  return availableParallelism();
}

function runInline(data: TrainingData, tasks: readonly TrainingTask[], onProgress: PoolProgress): TaskResult[] {
  return tasks.map((task, index) => runTrainingTask(data, task, (fraction) => onProgress(index, fraction)));
}

function runOnWorkers(data: TrainingData, tasks: readonly TrainingTask[], workerCount: number, onProgress: PoolProgress): TaskResult[] {
  const signal = new Int32Array(new SharedArrayBuffer(8));
  const workers = Array.from({ length: workerCount }, () => startWorker(data, tasks, signal));
  try {
    return collect(workers.map((w) => w.port), tasks.length, signal, onProgress);
  } finally {
    for (const { worker } of workers) void worker.terminate();
  }
}

function startWorker(data: TrainingData, tasks: readonly TrainingTask[], signal: Int32Array): { worker: Worker; port: MessagePort } {
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./training-worker.ts', import.meta.url), { workerData: { data, tasks, port: port2, signal }, transferList: [port2] });
  worker.unref();
  return { worker, port: port1 };
}

function collect(ports: readonly MessagePort[], taskCount: number, signal: Int32Array, onProgress: PoolProgress): TaskResult[] {
  const results = new Array<TaskResult | undefined>(taskCount);
  let finishedWorkers = 0;
  let received = 0;
  while (received < taskCount) {
    const posted = Atomics.load(signal, 0);
    for (const message of drain(ports)) {
      if (message.type === 'progress') {
        onProgress(message.task, message.fraction);
      } else if (message.type === 'result') {
        results[message.task] = message.result;
        received++;
      } else if (message.type === 'error') {
        throw new Error(`training worker failed: ${message.message}`);
      } else {
        finishedWorkers++;
      }
    }
    if (received === taskCount) break;
    if (finishedWorkers === ports.length) throw new Error('training workers stopped before finishing every task');
    if (Atomics.wait(signal, 0, posted, silenceLimitMs) === 'timed-out') throw new Error('training workers stopped responding');
  }
  return results as TaskResult[];
}

function* drain(ports: readonly MessagePort[]): Generator<WorkerMessage> {
  for (const port of ports) {
    for (let next = receiveMessageOnPort(port); next !== undefined; next = receiveMessageOnPort(port)) yield next.message as WorkerMessage;
  }
}
