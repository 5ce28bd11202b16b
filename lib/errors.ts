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
  | "unsupported_media_type"
  | "unavailable";

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  read_only: 409,
  rate_limited: 429,
  unsupported_media_type: 415,
  unavailable: 503,
};

// Under `npm start` the process holds two copies of this module: the server
// entry's bundle (.howdah/server.mjs, which builds the shared ServerContext
// and its gateway) and Next's. A gateway function throws the first copy's
// class into a route handler that checks against the second's, so identity
// is a brand registered process-wide, not the class object.
const BRAND = Symbol.for("howdah.HowdahError");

export class HowdahError extends Error {
  readonly [BRAND] = true;

  static [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === "object" && value !== null && (value as { [BRAND]?: unknown })[BRAND] === true;
  }

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
