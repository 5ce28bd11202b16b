import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { dailyHistoryInput, readDailyHistory } from "@/lib/queues/sidekiq-stats";

export const dynamic = "force-dynamic";

/** Sidekiq's own daily processed / failed counters (stat:<name>:<day>), up to five years. */
export const GET = staffRoute({ access: PAGES.queues, input: dailyHistoryInput }, ({ context, input }) =>
  readDailyHistory(context, input.range),
);
