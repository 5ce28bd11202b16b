import "server-only";
import { z } from "zod";
import { runBatch } from "@/lib/federation/import/run";
import { defineJob } from "../job-definition";

/** Applies or rolls back one domain-block batch (an import), row by row, on demand (lib/federation/import/run.ts). */
export const blockBatchJob = defineJob({
  name: "block-batch",
  payload: z.object({ batchId: z.string().regex(/^\d+$/), mode: z.enum(["apply", "rollback"]) }).strict(),
  run(context, payload, progress) {
    return runBatch(context, payload.batchId, payload.mode, { progress });
  },
});
