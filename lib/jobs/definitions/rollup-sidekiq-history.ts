import "server-only";
import { z } from "zod";
import { rollupHistory } from "@/lib/queues/history";
import { defineJob } from "../job-definition";

/** Rolls the 10 s Sidekiq samples up to 1 min and 10 min, and drops what each resolution no longer keeps. */
export const rollupSidekiqHistoryJob = defineJob({
  name: "rollup-sidekiq-history",
  payload: z.object({}).strict(),
  everyMs: 60_000,
  async run(context) {
    await rollupHistory(await context.store());
    return { ok: true };
  },
});
