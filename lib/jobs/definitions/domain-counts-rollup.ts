import "server-only";
import { z } from "zod";
import { COUNTS_EVERY_MS, rollupDomainCounts } from "@/lib/federation/domain-counts";
import { defineJob } from "../job-definition";

/**
 * Counts the accounts, follows with local accounts, statuses and reports of
 * the busiest remote servers for their dossier pages, which would otherwise
 * take seconds to count on each visit.
 */
export const domainCountsRollupJob = defineJob({
  name: "domain-counts-rollup",
  payload: z.object({}).strict(),
  everyMs: COUNTS_EVERY_MS,
  async run(context) {
    return rollupDomainCounts(context);
  },
});
