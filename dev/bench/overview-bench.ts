import { rawConnections } from "@/dev/testing/raw-connections";
import type { Staff } from "@/lib/auth/current-staff";
import { Permissions } from "@/lib/auth/permissions";
import { probePostgres, probeRedis } from "@/lib/mastodon/health";
import { getOverview } from "@/lib/overview/get-overview";
import type { ServerContext } from "@/lib/server/context";
import { figure, percentile, timeMany, type Figure } from "./figures";

/**
 * The overview API's server time at large scale, against the naive way of
 * answering it: counting Mastodon's tables on every request.
 */
const STAFF: Staff = {
  userId: "1",
  accountId: "1",
  acct: "bench",
  displayName: "bench",
  roleName: "Owner",
  permissions: Permissions.fromBits(1),
};

export async function benchOverview(context: ServerContext): Promise<Figure[]> {
  await getOverview(context, STAFF); // takes the first sample, warms pools
  const ours = await timeMany(200, () => getOverview(context, STAFF));
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
