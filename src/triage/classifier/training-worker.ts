// Entry point of a training worker thread: takes tasks from a shared counter until none are left,
// posting progress and results on its port and waking the waiting parent through a shared signal.
import { workerData, type MessagePort } from 'node:worker_threads';
import type { TrainingData, TrainingTask } from './training-task.ts';
import type { WorkerMessage } from './worker-pool.ts';

interface WorkerInput {
  data: TrainingData;
  tasks: TrainingTask[];
  port: MessagePort;
  /** [0]: messages posted (the parent waits on it); [1]: next task to take. */
  signal: Int32Array;
}

const { data, tasks, port, signal } = workerData as WorkerInput;

function post(message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

try {
  // Loaded here rather than imported at the top, so a load failure is reported instead of killing the thread silently.
  const { runTrainingTask, transferablesOf } = await import('./training-task.ts');
  for (let index = Atomics.add(signal, 1, 1); index < tasks.length; index = Atomics.add(signal, 1, 1)) {
    const result = runTrainingTask(data, tasks[index] as TrainingTask, (fraction) => post({ type: 'progress', task: index, fraction }));
    post({ type: 'result', task: index, result }, transferablesOf(result));
  }
} catch (error) {
  post({ type: 'error', message: error instanceof Error ? error.message : String(error) });
} finally {
  post({ type: 'done' });
  port.close();
}
