import "server-only";
import { z } from "zod";
import { runAlertCycle } from "@/lib/alerts/notifier";
import { defineJob } from "../job-definition";

/** Alert rules evaluated, and people notified, every 30 s (the pending period and repeat interval are in minutes). */
export const evaluateAlertsJob = defineJob({
  name: "evaluate-alerts",
  payload: z.object({}).strict(),
  everyMs: 30_000,
  async run(context) {
    return runAlertCycle(context);
  },
});
