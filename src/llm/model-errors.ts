// Turns what the AI SDK throws into Switchboard's stable error codes, so the engine decides on
// `code` and `retryable` and never inspects a provider's error classes.
import { APICallError, InvalidResponseDataError, JSONParseError, NoObjectGeneratedError, NoOutputGeneratedError, RetryError, TypeValidationError } from 'ai';
import { SwitchboardError } from '../domain/errors.ts';

/** One model call's time limit joined with the caller's cancellation, remembering which fired. */
export interface Deadline {
  readonly signal: AbortSignal;
  readonly timeoutMs: number;
  timedOut(): boolean;
  cancelled(): boolean;
}

export function deadline(timeoutMs: number, caller: AbortSignal | undefined): Deadline {
  const timer = AbortSignal.timeout(timeoutMs);
  return {
    signal: caller === undefined ? timer : AbortSignal.any([timer, caller]),
    timeoutMs,
    timedOut: () => timer.aborted,
    cancelled: () => caller?.aborted === true,
  };
}

/** A SwitchboardError for a failed call; anything unrecognised (a bug, not the model) is returned as it was. */
export function toModelError(error: unknown, modelId: string, limit: Deadline): unknown {
  if (error instanceof SwitchboardError) return error;
  // Checked first: an abort surfaces as whatever the fetch or stream was doing when it fired.
  if (limit.timedOut()) return unavailable(modelId, `timed out after ${limit.timeoutMs} ms`, { timeoutMs: limit.timeoutMs }, error);
  if (limit.cancelled()) return unavailable(modelId, 'the call was cancelled', {}, error);
  // After retries the SDK wraps every attempt's error; the last one says what is wrong now.
  const attempts = RetryError.isInstance(error) ? error.errors.length : 1;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  if (APICallError.isInstance(last)) return fromApiCall(last, modelId, attempts, error);
  if (isUnreadableAnswer(last)) return invalidOutput(modelId, explain(last), error);
  // A stream's error part can carry the server's own error object rather than an Error.
  if (!(error instanceof Error)) return unavailable(modelId, `the server reported an error: ${oneLine(JSON.stringify(error) ?? String(error))}`, {}, error);
  return error;
}

function fromApiCall(failure: APICallError, modelId: string, attempts: number, error: unknown): SwitchboardError {
  const status = failure.statusCode;
  // A 2xx whose body does not parse: the server answered, but not with a completion.
  if (status !== undefined && status >= 200 && status < 300) return invalidOutput(modelId, explain(failure), error);
  if (status === 401 || status === 403) {
    return new SwitchboardError('invalid_config', `The model server refused the credentials for ${modelId} (HTTP ${status}: ${oneLine(failure.message)}); check its API key.`, { modelId, status }, { cause: error });
  }
  const reason = status === undefined ? oneLine(failure.message) : `HTTP ${status}: ${oneLine(failure.message)}`;
  const tries = attempts > 1 ? ` after ${attempts} attempts` : '';
  return unavailable(modelId, `${reason}${tries}`, { attempts, ...(status === undefined ? {} : { status }) }, error);
}

function isUnreadableAnswer(error: unknown): error is Error {
  return (
    NoObjectGeneratedError.isInstance(error) ||
    NoOutputGeneratedError.isInstance(error) ||
    JSONParseError.isInstance(error) ||
    TypeValidationError.isInstance(error) ||
    InvalidResponseDataError.isInstance(error)
  );
}

function unavailable(modelId: string, reason: string, details: Record<string, unknown>, cause: unknown): SwitchboardError {
  return new SwitchboardError('model_unavailable', `The model ${modelId} is unavailable: ${reason}.`, { modelId, ...details }, { cause });
}

function invalidOutput(modelId: string, reason: string, cause: unknown): SwitchboardError {
  return new SwitchboardError('model_invalid_output', `The model ${modelId} returned output that cannot be used: ${reason}.`, { modelId }, { cause });
}

// The SDK's messages put the detail in the cause (the parse error, the failed schema issue).
function explain(error: Error): string {
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return oneLine(`${error.message}${cause}`);
}

function oneLine(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}
