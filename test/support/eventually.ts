// Polls a condition until it holds or a deadline passes: synchronisation on state, not on sleeps.
import { setTimeout as delay } from 'node:timers/promises';

export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 20_000, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await delay(intervalMs);
  }
}
