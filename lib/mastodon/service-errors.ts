import "server-only";
import { HowdahError } from "@/lib/errors";

/**
 * Turns a driver error from PostgreSQL or Redis into a sentence an admin can
 * act on ("PostgreSQL is unreachable: connection refused"), so pages can say
 * which service is down and why instead of showing a stack trace.
 */
export type ServiceName =
  "PostgreSQL" | "PostgreSQL replica" | "Redis" | "Sidekiq Redis" | "cache Redis" | "Howdah store";

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ENOTFOUND: "host not found",
  ETIMEDOUT: "connection timed out",
  ECONNRESET: "connection reset",
  EHOSTUNREACH: "host unreachable",
  ENOENT: "socket not found",
  EPIPE: "connection closed",
};

// PostgreSQL SQLSTATEs that mean "the server is there but will not serve us".
const PG_CODES: Record<string, string> = {
  "57P01": "the server is shutting down",
  "57P03": "the server is starting up",
  "53300": "too many connections",
  "3D000": "the database does not exist",
  "28P01": "password authentication failed",
  "28000": "the role may not connect",
  "57014": "a query took longer than the statement timeout",
};

export function describeServiceFailure(error: unknown): string {
  const e = error as { code?: string; message?: string };
  if (e?.code && NETWORK_CODES[e.code]) return NETWORK_CODES[e.code]!;
  if (e?.code && PG_CODES[e.code]) return PG_CODES[e.code]!;
  const message = e?.message ?? String(error);
  if (/Connection is closed|Stream isn't writeable|enableOfflineQueue|max retries per request/i.test(message))
    return "not connected";
  // The client-side bounds (lib/pg/pool.ts, createRedis): connected, but no answer in time.
  if (/Query read timeout|Command timed out|Socket timeout/i.test(message)) return "no answer in time";
  if (/timeout/i.test(message)) return "connection timed out";
  if (/ECONNREFUSED/.test(message)) return "connection refused";
  return message.split("\n")[0]!.slice(0, 200);
}

// What pg and ioredis say when the server is gone, for errors that carry no code.
const DRIVER_OUTAGE_MESSAGE = new RegExp(
  [
    "max retries per request",
    "Connection is closed",
    "Stream isn't writeable",
    "enableOfflineQueue",
    "Connection terminated",
    "connect ETIMEDOUT",
    "ECONNREFUSED",
    "timeout exceeded when trying to connect",
    "Query read timeout",
    "Command timed out",
    "Socket timeout",
  ].join("|"),
  "i",
);

export function isServiceFailure(error: unknown): boolean {
  if (error instanceof HowdahError) return false;
  const e = error as { code?: string; message?: string };
  if (e?.code && (NETWORK_CODES[e.code] || PG_CODES[e.code])) return true;
  // ioredis with maxRetriesPerRequest: 1 fails a command on a down Redis with
  // MaxRetriesPerRequestError ("Reached the max retries per request limit").
  if ((error as { name?: string })?.name === "MaxRetriesPerRequestError") return true;
  return DRIVER_OUTAGE_MESSAGE.test(e?.message ?? "");
}

/** Wraps a driver failure as a 503 HowdahError naming the service. Other errors pass through. */
export function asServiceError(service: ServiceName, error: unknown): unknown {
  if (!isServiceFailure(error)) return error;
  return new HowdahError("unavailable", `${service} is unavailable: ${describeServiceFailure(error)}.`, { service });
}

export async function withService<T>(service: ServiceName, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw asServiceError(service, error);
  }
}
