// One error type with a stable code; the HTTP and CLI layers map codes, never messages.

export const errorCodes = {
  invalid_request: { status: 400, retryable: false },
  invalid_config: { status: 400, retryable: false },
  unauthorized: { status: 401, retryable: false },
  forbidden: { status: 403, retryable: false },
  not_found: { status: 404, retryable: false },
  thread_not_found: { status: 404, retryable: false },
  ticket_not_found: { status: 404, retryable: false },
  run_not_found: { status: 404, retryable: false },
  task_not_found: { status: 404, retryable: false },
  project_not_found: { status: 404, retryable: false },
  not_awaiting_approval: { status: 409, retryable: false },
  already_decided: { status: 409, retryable: false },
  already_claimed: { status: 409, retryable: false },
  run_busy: { status: 409, retryable: true },
  conflict: { status: 409, retryable: true },
  payload_too_large: { status: 413, retryable: false },
  unsupported_media_type: { status: 415, retryable: false },
  approval_required: { status: 409, retryable: false },
  unknown_tool: { status: 400, retryable: false },
  unknown_workflow: { status: 400, retryable: false },
  tool_failed: { status: 502, retryable: true },
  timeout: { status: 504, retryable: true },
  unavailable: { status: 503, retryable: true },
  internal: { status: 500, retryable: true },
  model_unavailable: { status: 503, retryable: true },
  model_invalid_output: { status: 502, retryable: false },
  invalid_fields: { status: 422, retryable: false },
  task_closed: { status: 409, retryable: false },
  rate_limited: { status: 429, retryable: true },
  budget_exceeded: { status: 429, retryable: false },
  /** A run's pinned workflow version cannot be rebuilt in this process (its code changed). */
  version_unavailable: { status: 409, retryable: false },
} as const satisfies Record<string, { status: number; retryable: boolean }>;

export type ErrorCode = keyof typeof errorCodes;

export interface SwitchboardErrorJson {
  code: ErrorCode;
  message: string;
  details?: Record<string, unknown>;
}

export class SwitchboardError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message: string, details?: Record<string, unknown>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'SwitchboardError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return errorCodes[this.code].status;
  }

  get retryable(): boolean {
    return errorCodes[this.code].retryable;
  }

  toJSON(): SwitchboardErrorJson {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }
}

export function isSwitchboardError(value: unknown): value is SwitchboardError {
  return value instanceof SwitchboardError;
}

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(errorCodes, value);
}
