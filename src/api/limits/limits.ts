// Per-key and per-address request limits (429 with Retry-After), a stricter one on sign-in, and a
// deadline for every request (504; a run it started goes on in the background).
import type { MiddlewareHandler } from 'hono';
import type { LimitsConfig } from '../../config/config-schema.ts';
import { SwitchboardError } from '../../domain/errors.ts';
import type { AppEnv } from '../auth/app-env.ts';
import { clientAddress } from './client-address.ts';
import { RateLimiter } from './rate-limiter.ts';

export function rateLimits(limits: LimitsConfig, limiter = new RateLimiter()): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    const address = clientAddress(c, limits.trust_proxy);
    const checks: [string, number][] = principal ? [[`key:${principal.id}`, limits.requests_per_minute_per_key]] : [[`ip:${address}`, limits.requests_per_minute_per_ip]];
    if (c.req.method === 'POST' && c.req.path === '/auth/login') checks.push([`login:${address}`, limits.logins_per_minute_per_ip]);
    for (const [key, limit] of checks) {
      const decision = limiter.hit(key, limit);
      if (!decision.allowed) {
        c.header('Retry-After', String(decision.retryAfterSeconds));
        throw new SwitchboardError('rate_limited', `Too many requests; try again in ${decision.retryAfterSeconds} s.`, { retry_after_seconds: decision.retryAfterSeconds });
      }
    }
    await next();
  };
}

/** An in-memory deadline is right here: it bounds one request, it is not a wait that must survive a restart. */
export function requestDeadline(ms: number): MiddlewareHandler<AppEnv> {
  return async (_c, next) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new SwitchboardError('timeout', `The request took longer than ${ms / 1000} s; anything it started goes on, so check its state before trying again.`)), ms);
    });
    try {
      await Promise.race([next(), deadline]);
    } finally {
      clearTimeout(timer);
    }
  };
}
