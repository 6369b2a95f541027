// A fixed-window counter per caller, in memory: enough to stop a script hammering one process. Each
// process counts on its own, so N processes allow up to N times the limit.
export interface RateDecision {
  allowed: boolean;
  /** Seconds until the window resets (for Retry-After). */
  retryAfterSeconds: number;
}

export class RateLimiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #windowMs: number;
  readonly #now: () => number;

  constructor(options: { windowMs?: number; now?: () => number } = {}) {
    this.#windowMs = options.windowMs ?? 60_000;
    this.#now = options.now ?? Date.now;
  }

  hit(key: string, limit: number): RateDecision {
    const now = this.#now();
    const window = this.#windows.get(key);
    if (!window || now - window.start >= this.#windowMs) {
      this.#sweep(now);
      this.#windows.set(key, { start: now, count: 1 });
      return { allowed: true, retryAfterSeconds: 0 };
    }
    window.count += 1;
    const retryAfterSeconds = Math.max(1, Math.ceil((window.start + this.#windowMs - now) / 1000));
    return { allowed: window.count <= limit, retryAfterSeconds };
  }

  /** Drops finished windows now and then, so memory follows the active callers only. */
  #sweep(now: number): void {
    if (this.#windows.size < 10_000) return;
    for (const [key, window] of this.#windows) if (now - window.start >= this.#windowMs) this.#windows.delete(key);
  }
}
