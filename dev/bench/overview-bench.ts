import { rawConnections } from "@/dev/testing/raw-connections";
import { BENCH_OWNER } from "./bench-staff";
import { probePostgres, probeRedis } from "@/lib/mastodon/health";
import { getOverview } from "@/lib/overview/get-overview";
import type { ServerContext } from "@/lib/server/context";
import { figure, percentile, timeMany, type Figure } from "./figures";

/**
 * The overview API's server time at large scale, against the naive way of
 * answering it: counting Mastodon's tables on every request.
 */

export async function benchOverview(context: ServerContext): Promise<Figure[]> {
  await getOverview(context, BENCH_OWNER); // takes the first sample, warms pools
  const ours = await timeMany(200, () => getOverview(context, BENCH_OWNER));
  const naive = await timeMany(10, () =>
    Promise.all([
      context.mastodon.instance.countAll(),
      probePostgres(rawConnections(context).db),
      probeRedis(rawConnections(context).redis),
    ]),
  );
  return [
    figure("overview API server time p95", percentile(ours, 95), "ms", { max: 50 }, percentile(naive, 95)),
    figure("overview API server time p50", percentile(ours, 50), "ms", null, percentile(naive, 50)),
  ];
}
