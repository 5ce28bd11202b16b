import "server-only";
import type { ServerContext } from "@/lib/server/context";
import { writeSample } from "./samples";

/**
 * The worker's 10-second tick: one reading of Sidekiq (two pipelined Redis
 * round trips, no work hashes) and one INSERT into Howdah's store.
 */
export async function sampleSidekiq(context: ServerContext): Promise<{ enqueued: number | null; queues: number }> {
  const snapshot = await context.mastodon.sidekiq.snapshot({ work: false });
  await writeSample(await context.store(), snapshot);
  return { enqueued: snapshot.enqueued, queues: snapshot.queues.length };
}
