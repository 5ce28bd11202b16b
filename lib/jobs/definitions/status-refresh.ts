import "server-only";
import { z } from "zod";
import { refreshStatus } from "@/lib/status/refresh";
import { defineJob } from "../job-definition";

/** Probes Mastodon, judges each component and publishes the status page's snapshot. */
export const statusRefreshJob = defineJob({
  name: "status-refresh",
  payload: z.object({}).strict(),
  everyMs: 30_000,
  async run(context) {
    const snapshot = await refreshStatus(context);
    return Object.fromEntries(snapshot.components.map((c) => [c.id, c.state]));
  },
});
