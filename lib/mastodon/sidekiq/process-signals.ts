import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqKeys } from "./keys";
import { execOrThrow } from "./pipeline";

/**
 * Quiet and stop a Sidekiq process as Sidekiq's Web UI does (web
 * application.rb `post "/busy"` → api.rb Process#quiet! / #stop! → #signal):
 * MULTI LPUSH `<identity>-signals` "TSTP" (quiet) or "TERM" (stop), EXPIRE
 * 60. The process's heartbeat RPOPs one signal per beat (every 5 s in 6.5,
 * 10 s in 7.3+) and handles it as if sent by `kill`: TSTP stops fetching new
 * jobs (its hash then says quiet "true"), TERM shuts down within its timeout.
 * Identical in 6.5.12, 7.3.9, 8.0.9 and 8.1.6, except that 7.3+ refuses an
 * embedded process (`info.embedded`: Sidekiq runs inside another program,
 * which owns its lifecycle); 6.5 has no embedded mode.
 */
export type ProcessSignal = "quiet" | "stop";
const SIGNAL: Record<ProcessSignal, string> = { quiet: "TSTP", stop: "TERM" };
/** api.rb Process#signal: the list expires 60 s after the last push. */
export const SIGNAL_TTL_SECONDS = 60;

export type SignalOutcome =
  { sent: true; signal: string } | { sent: false; reason: "gone" | "embedded"; signal: string };

export function signalsKey(keys: SidekiqKeys, identity: string): string {
  return `${keys.process(identity)}-signals`;
}

/**
 * Sends the signal only to a process that is listed in `processes` and
 * still has its heartbeat hash (alive within the last minute), so a stale
 * page cannot leave a signal for a process that is gone.
 */
export async function signalProcess(
  redis: Redis,
  keys: SidekiqKeys,
  identity: string,
  action: ProcessSignal,
): Promise<SignalOutcome> {
  const signal = SIGNAL[action];
  const [listed, info] = await execOrThrow(
    redis.pipeline().sismember(keys.processes, identity).hget(keys.process(identity), "info"),
  );
  if (Number(listed) !== 1 || typeof info !== "string") return { sent: false, reason: "gone", signal };
  if (isEmbedded(info)) return { sent: false, reason: "embedded", signal };
  const key = signalsKey(keys, identity);
  await execOrThrow(redis.multi().lpush(key, signal).expire(key, SIGNAL_TTL_SECONDS));
  return { sent: true, signal };
}

function isEmbedded(info: string): boolean {
  try {
    return (JSON.parse(info) as { embedded?: unknown }).embedded === true;
  } catch {
    return false;
  }
}
