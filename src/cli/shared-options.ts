// Options several commands share, and checking option values with the API's own query schemas.
import { Option } from 'commander';
import type { z } from '@hono/zod-openapi';
import { usageError } from './failure.ts';

export function urlOption(): Option {
  return new Option('--url <url>', 'act through the server at this URL instead of the database (default: SWITCHBOARD_URL)');
}

export function jsonOption(): Option {
  return new Option('--json', 'print JSON instead of text');
}

/** Validates flags with the same schema the HTTP API applies to its query string, naming the flag on error. */
export function parseFlags<T extends z.ZodType>(schema: T, flags: Record<string, unknown>): z.output<T> {
  const parsed = schema.safeParse(flags);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw usageError(issue ? `--${issue.path.join('.')}: ${issue.message}` : 'Invalid options.');
}
