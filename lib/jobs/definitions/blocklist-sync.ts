import "server-only";
import { z } from "zod";
import { syncSubscriptions } from "@/lib/federation/subscriptions/sync";
import { defineJob } from "../job-definition";

/**
 * Blocklist subscriptions (lib/federation/subscriptions/sync.ts): every few
 * minutes, fetch the sources whose own interval has passed, recompute the
 * review queue and apply what the sources' auto-apply rules allow. Also
 * queued on demand for one source ("fetch now", a new or changed address).
 */
export const blocklistSyncJob = defineJob({
  name: "blocklist-sync",
  payload: z.object({ sourceId: z.string().regex(/^\d+$/).optional() }).strict(),
  everyMs: 5 * 60_000,
  run(context, payload) {
    return syncSubscriptions(context, { sourceId: payload.sourceId });
  },
});
