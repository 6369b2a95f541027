// Every failure leaves the CLI as one line on stderr with a stable code and an exit status:
// 2 when the invocation itself was wrong, 1 for everything else. Never a stack trace.
import { CommanderError } from 'commander';
import { isSwitchboardError, SwitchboardError } from '../domain/errors.ts';
import { inert } from './output.ts';

export interface CliFailure {
  message: string;
  code: string;
  exitCode: number;
}

export const usageExitCode = 2;

/** A mistake in how the command was called (flags, arguments); exits with status 2. */
export function usageError(message: string): SwitchboardError {
  return new SwitchboardError('invalid_request', message);
}

export function failureFrom(error: unknown): CliFailure {
  if (error instanceof CommanderError) return fromCommander(error);
  if (isSwitchboardError(error)) return { message: error.message, code: error.code, exitCode: error.code === 'invalid_request' ? usageExitCode : 1 };
  return { message: error instanceof Error ? error.message : String(error), code: 'internal', exitCode: 1 };
}

/** Help and --version also end as a CommanderError; they are successes with nothing left to print. */
export function isCleanExit(error: unknown): boolean {
  return error instanceof CommanderError && error.exitCode === 0;
}

export function formatFailure(failure: CliFailure): string {
  return `switchboard: ${inert(failure.message).trim()} (${failure.code})`;
}

function fromCommander(error: CommanderError): CliFailure {
  const message = error.message.replace(/^error:\s*/, '');
  return { message, code: 'invalid_request', exitCode: usageExitCode };
}
