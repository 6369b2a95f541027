// Whether the server answers. A failed call marks it lost; from then on a probe asks /healthz every
// few seconds until it answers, and each recovery bumps `epoch` so that pages refetch what they show.
export interface ConnectionState {
  reachable: boolean;
  /** Increases each time the server answers again after being lost. */
  epoch: number;
}

export interface Connection {
  state: () => ConnectionState;
  subscribe: (onChange: () => void) => () => void;
  lost: () => void;
  restored: () => void;
  /** Something looks wrong (a live stream dropped): probe now rather than wait for a failed call. */
  check: () => void;
}

export function createConnection(probe: () => Promise<boolean>, retryMs = 3000): Connection {
  let state: ConnectionState = { reachable: true, epoch: 0 };
  let timer: number | undefined;
  const readers = new Set<() => void>();
  const set = (next: ConnectionState) => {
    state = next;
    for (const read of readers) read();
  };
  const restored = () => {
    window.clearTimeout(timer);
    timer = undefined;
    if (!state.reachable) set({ reachable: true, epoch: state.epoch + 1 });
  };
  const runProbe = async () => {
    timer = undefined;
    if (await probe()) restored();
    else lost();
  };
  const lost = () => {
    if (state.reachable) set({ ...state, reachable: false });
    timer ??= window.setTimeout(() => void runProbe(), retryMs);
  };
  return {
    state: () => state,
    subscribe: (onChange) => {
      readers.add(onChange);
      return () => readers.delete(onChange);
    },
    lost,
    restored,
    check: () => void runProbe(),
  };
}

export async function healthProbe(): Promise<boolean> {
  try {
    return (await fetch('/healthz', { cache: 'no-store' })).ok;
  } catch {
    return false;
  }
}
