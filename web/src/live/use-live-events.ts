// Calls `onChange` when a live event that `affects` what a component shows arrives, or after the
// stream reconnects (events may have been missed). A burst (a run commits several steps) is one call.
import { useEffect, useEffectEvent } from 'react';
import type { LiveEvent } from '../api/types.ts';
import { useServices } from '../services.tsx';
import type { LiveSignal } from './live-events.ts';

export function useLiveEvents(affects: (event: LiveEvent) => boolean, onChange: () => void, settleMs = 150): void {
  const { live } = useServices();
  const matters = useEffectEvent((signal: LiveSignal) => signal.type === 'resync' || affects(signal));
  const changed = useEffectEvent(() => onChange());
  useEffect(() => {
    let timer: number | undefined;
    const unsubscribe = live.subscribe((signal) => {
      if (timer !== undefined || !matters(signal)) return;
      timer = window.setTimeout(() => {
        timer = undefined;
        changed();
      }, settleMs);
    });
    return () => {
      window.clearTimeout(timer);
      unsubscribe();
    };
  }, [live, settleMs]);
}
