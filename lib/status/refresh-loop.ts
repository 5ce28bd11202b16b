import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { outageLog } from "@/lib/server/outage-log";
import { readingsBoundMs } from "./readings";
import { refreshStatus, roundBoundMs } from "./refresh";

/**
 * Runs the status round on a plain timer in the web process, every
 * STATUS_INTERVAL_MS from the start of one round to the start of the next.
 *
 * Why not a BullMQ job: the jobs live in Redis, so with Redis down no round
 * ran and the page kept the last "Redis: operational" for as long as the
 * outage lasted. A timer needs neither Redis nor PostgreSQL. Each web process
 * runs its own loop (the page it serves is then its own, fresh reading);
 * the history keys samples by (component, time), so processes measuring side
 * by side add samples, never count one twice.
 *
 * Every reading has its own timeout and the store's part its own budget, so
 * a round ends within roundBoundMs (about 15 s with the default probe
 * timeout), well within the interval. Should something hang past that all
 * the same, the round is abandoned (readings that come later are neither
 * published nor recorded) and the next one starts, so nothing that hangs can
 * stop the page from being measured.
 */
export const STATUS_INTERVAL_MS = 30_000;

export interface StatusLoop {
  /** Stops scheduling rounds and waits (briefly) for the running one. */
  stop(): Promise<void>;
}

export interface StatusLoopOptions {
  intervalMs?: number;
  log?: (line: string) => void;
}

export function startStatusLoop(context: ServerContext, options: StatusLoopOptions = {}): StatusLoop {
  const intervalMs = options.intervalMs ?? STATUS_INTERVAL_MS;
  const failures = outageLog("[howdah status] the status round", options.log);
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
      timer.unref();
    });

  async function round(): Promise<void> {
    const started = Date.now();
    // Readings that come later than this are not used (1 s spare over their own bounds).
    const deadline = started + Math.max(intervalMs, readingsBoundMs(context) + 1_000);
    const work = refreshStatus(context, { deadline }).then(
      () => failures.recovered(),
      (error: unknown) => failures.failed(error instanceof Error ? error.message : String(error)),
    );
    running = work;
    // Whichever comes first: the round ends, or the time it can take at most is up.
    await Promise.race([work, wait(Math.max(intervalMs, roundBoundMs(context)))]);
    if (timer) clearTimeout(timer);
    if (stopped) return;
    await wait(Math.max(0, started + intervalMs - Date.now()));
    if (!stopped) void round();
  }

  void round();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([running, new Promise<void>((resolve) => (giveUp = setTimeout(resolve, 2_000)))]);
      clearTimeout(giveUp);
    },
  };
}
