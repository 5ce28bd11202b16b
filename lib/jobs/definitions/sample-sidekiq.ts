import "server-only";
import { z } from "zod";
import { SAMPLE_EVERY_MS } from "@/lib/queues/samples";
import { sampleSidekiq } from "@/lib/queues/sampler";
import { defineJob } from "../job-definition";

/** Sidekiq queue sizes, latency, set sizes and counters every 10 s, for the Queues history and alerts. */
export const sampleSidekiqJob = defineJob({
  name: "sample-sidekiq",
  payload: z.object({}).strict(),
  everyMs: SAMPLE_EVERY_MS,
  async run(context) {
    return sampleSidekiq(context);
  },
});
