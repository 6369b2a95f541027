// Maps every failure to a stable error code and a 4xx where the client is at fault; never a raw crash.
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { isSwitchboardError, SwitchboardError, type ErrorCode } from '../domain/errors.ts';
import { isTransientStoreError } from '../store/store-errors.ts';

export function errorBody(code: ErrorCode, message: string, details?: Record<string, unknown>) {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function toSwitchboardError(error: unknown): SwitchboardError {
  if (isSwitchboardError(error)) return error;
  if (error instanceof HTTPException) {
    if (error.status === 413) return new SwitchboardError('payload_too_large', 'The request body is too large.');
    if (error.status === 400) return new SwitchboardError('invalid_request', error.message || 'The request is malformed.');
    if (error.status === 415) return new SwitchboardError('unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  if (error instanceof SyntaxError) return new SwitchboardError('invalid_request', 'The request body is not valid JSON.');
  if (isTransientStoreError(error)) return new SwitchboardError('unavailable', 'The database is not reachable just now; try again in a moment (check a thread before resending a message to it).');
  return new SwitchboardError('internal', 'Something went wrong on our side; the request was not applied.');
}

export function respondWithError(c: Context, error: unknown, log: (error: unknown) => void) {
  const failure = toSwitchboardError(error);
  if (failure.code === 'internal') log(error);
  return c.json(errorBody(failure.code, failure.message, failure.details), failure.httpStatus as ContentfulStatusCode);
}
