import { PAGES } from "@/lib/auth/access";
import { staffRoute } from "@/lib/http/route";
import { jobMetricsInput, readJobMetrics } from "@/lib/queues/sidekiq-stats";

export const dynamic = "force-dynamic";

/** Per-class execution metrics as Sidekiq 7+ keeps them. */
export const GET = staffRoute({ access: PAGES.queues, input: jobMetricsInput }, ({ context, input }) =>
  readJobMetrics(context, input.period),
);
