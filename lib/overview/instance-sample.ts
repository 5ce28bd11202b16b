import "server-only";
import type { InstanceCounts } from "@/lib/mastodon/instance/area";
import type { ServerContext } from "@/lib/server/context";
import { insertInstanceSample, latestInstanceSample } from "@/lib/store/instance-samples";

export { latestInstanceSample } from "@/lib/store/instance-samples";

/** The worker's instance sampler: count once, store the figures with their time. */
export async function sampleInstance(context: ServerContext, now = new Date()): Promise<InstanceCounts> {
  const counts = await context.mastodon.instance.countAll();
  await insertInstanceSample(await context.store(), counts, now);
  return counts;
}

/** The latest sample; on a brand-new install (no sample yet) takes the first one now. */
export async function latestOrFirstSample(context: ServerContext) {
  const store = await context.store();
  const latest = await latestInstanceSample(store);
  if (latest) return latest;
  await sampleInstance(context);
  return latestInstanceSample(store);
}
