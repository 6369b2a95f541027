// Redirects are followed by hand so that every hop goes through the address guard again, never from
// https down to http, and at most a few times.
import { SwitchboardError } from '../../domain/errors.ts';
import type { HttpMethod } from './http-tool-config.ts';

export const maxRedirects = 5;

const redirectStatuses = new Set([301, 302, 303, 307, 308]);

export function isRedirect(status: number, location: string | undefined): location is string {
  return redirectStatuses.has(status) && location !== undefined;
}

/** Where the next hop goes; `hops` is the number of redirects already followed. */
export function redirectTarget(tool: string, from: URL, location: string, hops: number): URL {
  if (hops >= maxRedirects) throw new SwitchboardError('unavailable', `HTTP tool "${tool}" was redirected more than ${maxRedirects} times (last from ${from.origin}${from.pathname}).`, { tool });
  const target = new URL(location, from);
  if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new SwitchboardError('forbidden', `HTTP tool "${tool}" was redirected to a ${target.protocol} URL; only http and https are followed.`, { tool });
  if (from.protocol === 'https:' && target.protocol === 'http:') throw new SwitchboardError('forbidden', `HTTP tool "${tool}" was redirected from https to http (${target.origin}); it does not downgrade.`, { tool });
  return target;
}

/** 303, and 301/302 after a POST, continue as GET without a body (as browsers do); 307/308 repeat the request. */
export function redirectMethod(status: number, method: HttpMethod): HttpMethod {
  if (method === 'HEAD') return method;
  if (status === 303 || ((status === 301 || status === 302) && method === 'POST')) return 'GET';
  return method;
}
