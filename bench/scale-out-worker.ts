// A worker process of the scale-out part: a Switchboard with the refund workflow whose background
// worker (claim with FOR UPDATE SKIP LOCKED, drive, deliver the outbox) starts when told to.
import { openBenchSwitchboard } from './engines/refund-graph-switchboard.ts';

export type WorkerRequest = { kind: 'go' } | { kind: 'stop' };
export type WorkerReply = { kind: 'ready' } | { kind: 'stopped' };

const url = process.argv[2];
if (!url || !process.send) throw new Error('Started by bench/scale-out.ts with a PostgreSQL URL and an IPC channel.');
const send = (reply: WorkerReply): void => {
  process.send?.(reply);
};

const sb = await openBenchSwitchboard({ kind: 'postgres', url }, { pollMs: 50, migrate: false });

process.on('message', (request: WorkerRequest) => {
  if (request.kind === 'go') {
    sb.worker.start();
    return;
  }
  sb.close()
    .then(() => {
      send({ kind: 'stopped' });
      process.disconnect();
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
});
send({ kind: 'ready' });
