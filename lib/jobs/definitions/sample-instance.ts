import "server-only";
import { z } from "zod";
import { sampleInstance } from "@/lib/overview/instance-sample";
import { defineJob } from "../job-definition";

/** Counts users, accounts, open reports and known domains for the overview. */
export const sampleInstanceJob = defineJob({
  name: "sample-instance",
  payload: z.object({}).strict(),
  everyMs: 5 * 60_000,
  async run(context) {
    return sampleInstance(context);
  },
});
