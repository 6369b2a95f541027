// Who is signed in, as the page knows it: checked once at start (GET /auth/me), set by signing in,
// and cleared by signing out or by any call answered 401 (an expired session).
import type { Me } from '../api/types.ts';

export type SessionState = { status: 'checking' } | { status: 'signed_out'; expired: boolean } | { status: 'signed_in'; me: Me };

export interface SessionStore {
  state: () => SessionState;
  subscribe: (onChange: () => void) => () => void;
  signedIn: (me: Me) => void;
  /** `expired`: the server refused the session, rather than the person signing out. */
  signedOut: (expired: boolean) => void;
}

export function createSessionStore(): SessionStore {
  let state: SessionState = { status: 'checking' };
  const readers = new Set<() => void>();
  const set = (next: SessionState) => {
    state = next;
    for (const read of readers) read();
  };
  return {
    state: () => state,
    subscribe: (onChange) => {
      readers.add(onChange);
      return () => readers.delete(onChange);
    },
    signedIn: (me) => set({ status: 'signed_in', me }),
    signedOut: (expired) => {
      if (state.status !== 'signed_out') set({ status: 'signed_out', expired: expired && state.status === 'signed_in' });
    },
  };
}
