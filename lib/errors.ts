import "server-only";
/**
 * The one error type Howdah's services throw on purpose. Route handlers and
 * server actions map it to an HTTP status in one place (lib/http/), so no
 * handler builds error JSON by hand. Anything else that escapes is a bug and
 * is reported as a 500 without internals.
 */
export type ErrorCode =
  | "bad_request"
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "read_only"
  | "rate_limited"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  read_only: 409,
  rate_limited: 429,
  unavailable: 503,
};

export class HowdahError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "HowdahError";
  }

  get status(): number {
    return STATUS[this.code];
  }
}

export function isHowdahError(error: unknown): error is HowdahError {
  return error instanceof HowdahError;
}
