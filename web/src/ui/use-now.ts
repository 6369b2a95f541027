// The current time, ticking once a second for every countdown on the page from one shared timer.
import { useSyncExternalStore } from 'react';

const readers = new Set<() => void>();
let timer: number | undefined;
let now = Date.now();

function subscribe(onTick: () => void): () => void {
  readers.add(onTick);
  timer ??= window.setInterval(() => {
    now = Date.now();
    for (const read of readers) read();
  }, 1000);
  return () => {
    readers.delete(onTick);
    if (readers.size === 0) {
      window.clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => now);
}
