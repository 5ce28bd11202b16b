import "server-only";
import { z } from "zod";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { defineJob } from "../job-definition";

/**
 * Counts remote posts that arrived since the last run (plus a 15-minute
 * overlap) per hour and origin domain, for the Relays page, the overview
 * tile and /metrics. Bounded per run; a backfill continues over runs.
 */
export const relayTrafficRollupJob = defineJob({
  name: "relay-traffic-rollup",
  payload: z.object({}).strict(),
  everyMs: 5 * 60_000,
  async run(context, _payload, progress) {
    return rollupRelayTraffic(context, { progress });
  },
});
