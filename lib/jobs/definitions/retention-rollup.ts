import "server-only";
import { z } from "zod";
import { rollupRetention, ROLLUP_EVERY_MS } from "@/lib/retention/what-if-rollup-run";
import { defineJob } from "../job-definition";

/**
 * Counts, per UTC day, what the nightly vacuum would remove (remote posts by
 * id, cached remote media), so the retention what-if on a large instance adds
 * up days instead of counting millions of rows per request.
 */
export const retentionRollupJob = defineJob({
  name: "retention-rollup",
  payload: z.object({}).strict(),
  everyMs: ROLLUP_EVERY_MS,
  async run(context) {
    return rollupRetention(context);
  },
});
