// What an HTTP answer means to the engine: a value, a refusal retrying cannot change (4xx), or a
// failure worth retrying (5xx, 429, 408, a lost connection, a timeout).
import { SwitchboardError } from '../../domain/errors.ts';
import type { HttpAnswer } from './http-exchange.ts';
import { valueAt } from './http-template.ts';

/** The JSON answer (or the mapped fields of it), `{ text }` for any other success; throws for the rest. */
export function answerValue(tool: string, answer: HttpAnswer, mapping: Readonly<Record<string, string>> | undefined): unknown {
  if (answer.status >= 200 && answer.status < 300) return successValue(answer.text, mapping);
  throw answerFailure(tool, answer);
}

function successValue(text: string, mapping: Readonly<Record<string, string>> | undefined): unknown {
  const json = parsedJson(text);
  if (json === undefined) return { text };
  if (!mapping) return json;
  return Object.fromEntries(Object.entries(mapping).map(([field, path]) => [field, valueAt(json, path) ?? null]));
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function answerFailure(tool: string, answer: HttpAnswer): SwitchboardError {
  const details = { tool, status: answer.status };
  const said = serviceMessage(answer.text);
  if (isRefusal(answer.status)) return new SwitchboardError('invalid_request', said ?? `HTTP tool "${tool}" was refused with status ${answer.status}.`, details);
  const where = `${answer.url.origin}${answer.url.pathname}`;
  const code = answer.status === 408 ? 'timeout' : 'unavailable';
  return new SwitchboardError(code, `HTTP tool "${tool}" failed: ${where} answered ${answer.status}${said ? `: ${said}` : '.'}`, details);
}

/** 4xx but 408 (timeout) and 429 (slow down): the service understood the call and said no. */
function isRefusal(status: number): boolean {
  return status >= 400 && status < 500 && status !== 408 && status !== 429;
}

/** `error`, `message`, `error.message` or `detail` from a JSON answer, else the start of the text. */
function serviceMessage(text: string): string | null {
  const json = parsedJson(text);
  const candidates = [valueAt(json, 'error'), valueAt(json, 'message'), valueAt(json, 'error.message'), valueAt(json, 'detail')];
  const found = candidates.find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
  if (found) return found;
  const trimmed = json === undefined ? text.trim().slice(0, 500) : '';
  return trimmed === '' ? null : trimmed;
}

/** A request that got no answer: the guard's refusal as it is, a timeout, or an unreachable service. */
export function exchangeFailure(tool: string, error: unknown, signal: AbortSignal): SwitchboardError {
  if (error instanceof SwitchboardError) return error;
  if (signal.aborted) return new SwitchboardError('timeout', `HTTP tool "${tool}" got no answer in time.`, { tool }, { cause: error });
  const message = error instanceof Error ? error.message : String(error);
  return new SwitchboardError('unavailable', `HTTP tool "${tool}" could not reach its service: ${message}`, { tool }, { cause: error });
}
