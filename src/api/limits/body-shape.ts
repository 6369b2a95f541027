// Text every store can hold, in a shape every layer can walk: no NUL character (PostgreSQL refuses it)
// in the URL or in any JSON string, and JSON nested at most 64 levels (deeper would exhaust the stack
// of whatever walks it later). Refused with 400 before anything else looks at the request.
import type { MiddlewareHandler } from 'hono';
import { SwitchboardError } from '../../domain/errors.ts';
import type { AppEnv } from '../auth/app-env.ts';

export const maxJsonDepth = 64;

export function bodyShape(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (hasEncodedNul(c.req.url)) throw new SwitchboardError('invalid_request', 'The address contains a NUL character.');
    if (c.req.header('content-type')?.includes('json')) {
      const text = await c.req.text();
      const value = parseOrUndefined(text);
      if (value !== undefined) assertShape(value);
    }
    await next();
  };
}

function assertShape(value: unknown): void {
  // Iterative on purpose: the point is to refuse what a recursive walk could not survive.
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current === 'string') {
      if (hasNul(current)) throw new SwitchboardError('invalid_request', 'Text in the body contains a NUL character.');
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth > maxJsonDepth) throw new SwitchboardError('invalid_request', `The body is nested more than ${maxJsonDepth} levels deep.`);
    for (const [key, item] of Object.entries(current)) {
      if (hasNul(key)) throw new SwitchboardError('invalid_request', 'A key in the body contains a NUL character.');
      stack.push({ value: item, depth: depth + 1 });
    }
  }
}

function hasNul(text: string): boolean {
  return text.includes('\u0000');
}

/** Looks for `%00` itself rather than decoding the whole address: one malformed escape elsewhere
 * (`before=%`) makes a whole-address decode fail, while the query parser still decodes `q=%00` alone. */
function hasEncodedNul(url: string): boolean {
  return hasNul(url) || /%00/i.test(url);
}

/** Invalid JSON is left to the route's validation, which answers it with its own 400. */
function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
