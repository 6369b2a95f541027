// Which commits may return before they are on disk: those made inside `deferringCommit`, for a step
// the same call goes on from. The drivers read it when a transaction begins or commits.
import { AsyncLocalStorage } from 'node:async_hooks';

const deferred = new AsyncLocalStorage<boolean>();

export function deferringCommit<T>(fn: () => Promise<T>): Promise<T> {
  return deferred.run(true, fn);
}

export function isCommitDeferred(): boolean {
  return deferred.getStore() === true;
}
