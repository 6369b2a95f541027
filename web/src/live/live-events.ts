// One Server-Sent Events connection per page to /api/projects/{projectId}/events, shared by every
// component that listens. After a dropped connection comes back, listeners get a `resync` (they may
// have missed events) instead of a guess at what changed.
import type { LiveEvent } from '../api/types.ts';

export type LiveSignal = LiveEvent | { type: 'resync' };

export interface LiveEvents {
  start: () => void;
  stop: () => void;
  subscribe: (listener: (signal: LiveSignal) => void) => () => void;
}

export interface LiveObserver {
  /** The stream dropped: the server may be gone, or the session expired. */
  dropped: () => void;
  connected: () => void;
}

const eventTypes = ['step', 'run', 'message', 'task', 'ticket'] as const;

export function createLiveEvents(url: string, observer: LiveObserver, reopenMs = 3000): LiveEvents {
  const listeners = new Set<(signal: LiveSignal) => void>();
  let source: EventSource | null = null;
  let reopen: number | undefined;
  let missed = false;
  const emit = (signal: LiveSignal) => {
    for (const listener of listeners) listener(signal);
  };
  const open = () => {
    const es = new EventSource(url);
    source = es;
    for (const type of eventTypes) es.addEventListener(type, (message) => emit(JSON.parse((message as MessageEvent<string>).data) as LiveEvent));
    es.addEventListener('ready', () => {
      observer.connected();
      if (missed) emit({ type: 'resync' });
      missed = false;
    });
    es.addEventListener('error', () => {
      missed = true;
      observer.dropped();
      // The browser retries by itself unless the answer was not a stream (a 401, a proxy's 502).
      if (es.readyState === EventSource.CLOSED && source === es) reopen = window.setTimeout(open, reopenMs);
    });
  };
  return {
    start: () => {
      if (!source) open();
    },
    stop: () => {
      window.clearTimeout(reopen);
      source?.close();
      source = null;
    },
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
