import "server-only";
import { z } from "zod";
import { runIncremental } from "@/lib/storage/incremental";
import { defineJob } from "../job-definition";

/** Counts media rows added since the last run into the storage rollups (bounded per run). */
export const storageRollupJob = defineJob({
  name: "storage-rollup",
  payload: z.object({}).strict(),
  everyMs: 5 * 60_000,
  run(context) {
    return runIncremental(context);
  },
});
