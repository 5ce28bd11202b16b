import "server-only";
import { z } from "zod";
import { METRIC_PERIODS, type DailyStats, type JobMetrics, type MetricPeriod } from "@/lib/mastodon/sidekiq/area";

export type { ClassMetrics, JobMetrics, MetricPeriod } from "@/lib/mastodon/sidekiq/area";
export { METRIC_PERIODS };
import type { ServerContext } from "@/lib/server/context";

/**
 * What Sidekiq itself keeps in Redis, read through the gateway: its daily
 * processed / failed counters (five years) and, from Sidekiq 7, per-class
 * execution metrics (hours to three days).
 */
export const DAILY_RANGES = { "30d": 30, "90d": 90, "1y": 365, "5y": 5 * 365 } as const;
export type DailyRange = keyof typeof DAILY_RANGES;
export const dailyHistoryInput = z.object({
  range: z.enum(Object.keys(DAILY_RANGES) as [DailyRange, ...DailyRange[]]).default("90d"),
});

export interface DailyHistory extends DailyStats {
  range: DailyRange;
}

/** Days before the first one Sidekiq kept are left out, so the chart starts where Sidekiq's history does. */
export async function readDailyHistory(context: ServerContext, range: DailyRange): Promise<DailyHistory> {
  const stats = await context.mastodon.sidekiq.dailyStats(DAILY_RANGES[range]);
  const days = stats.since === null ? [] : stats.days.filter((d) => d.day >= stats.since!);
  return { range, since: stats.since, days };
}

export const jobMetricsInput = z.object({ period: z.enum(METRIC_PERIODS).default("1h") });

export async function readJobMetrics(
  context: ServerContext,
  period: MetricPeriod,
): Promise<JobMetrics & { format: string }> {
  return context.mastodon.sidekiq.jobMetrics(period);
}
