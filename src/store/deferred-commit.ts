// Which commits may return before they are on disk: those made inside `deferringCommit`, for a step
// the same call goes on from. SQLite's driver reads it when a transaction commits (PostgreSQL's
// deferred commits take connections of their own, src/store/connect.ts).
import { AsyncLocalStorage } from 'node:async_hooks';

const deferred = new AsyncLocalStorage<boolean>();

export function deferringCommit<T>(fn: () => Promise<T>): Promise<T> {
  return deferred.run(true, fn);
}

export function isCommitDeferred(): boolean {
  return deferred.getStore() === true;
}

// Which reads may see this process's commits before they are on disk: those of a drive, which reads
// back the steps it just committed. Any other read outside a transaction (an API answer, say) returns
// only once what it saw is on disk, so nobody is told of a state a crash could still take back.
const ownWrites = new AsyncLocalStorage<boolean>();

export function readingOwnWrites<T>(fn: () => Promise<T>): Promise<T> {
  return ownWrites.run(true, fn);
}

export function readsOwnWrites(): boolean {
  return ownWrites.getStore() === true;
}
