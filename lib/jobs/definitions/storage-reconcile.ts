import "server-only";
import { z } from "zod";
import { runReconcile } from "@/lib/storage/reconcile";
import { defineJob } from "../job-definition";

/**
 * The first backfill, then the daily reconcile of the storage rollups, a
 * minute of chunks per run; runs that find today's pass done return at once.
 */
export const storageReconcileJob = defineJob({
  name: "storage-reconcile",
  payload: z.object({}).strict(),
  everyMs: 2 * 60_000,
  run(context, _payload, progress) {
    return runReconcile(context, { budgetMs: 60_000, progress });
  },
});
