// What a failed call tells the page: the API's stable error code and details, or that the server
// could not be reached at all (the request may not have arrived).
import type { ErrorBody, JsonObject } from './types.ts';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: JsonObject;

  constructor(status: number, code: string, message: string, details: JsonObject = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  static async from(response: Response): Promise<ApiError> {
    const body = (await response.json().catch(() => null)) as ErrorBody | null;
    const error = body?.error;
    return error ? new ApiError(response.status, error.code, error.message, error.details) : new ApiError(response.status, 'http_error', `The server answered ${response.status}.`);
  }
}

export class ServerUnreachableError extends Error {
  constructor() {
    super('Cannot reach the server.');
    this.name = 'ServerUnreachableError';
  }
}

export function isApiError(error: unknown, code?: string): error is ApiError {
  return error instanceof ApiError && (code === undefined || error.code === code);
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
