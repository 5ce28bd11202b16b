import "server-only";
import type { Redis } from "ioredis";
import type { SidekiqFormat } from "@/lib/mastodon/version";
import type { SidekiqKeys } from "./keys";
import { execOrThrow } from "./pipeline";

/**
 * Per-class execution metrics as Sidekiq 7+ keeps them (metrics/tracking.rb
 * ExecutionTracker#flush, read as metrics/query.rb Query#top_jobs does):
 * hashes `j|<bucket>` with fields `<Class>|p` (runs, failed or not),
 * `<Class>|f` (failures) and `<Class>|ms` (run time of the successful ones),
 * Class being the job's `wrapped` or `class`.
 *
 * - 7.3: one-minute buckets `j|%Y%m%d|%-H:%-M` ("j|20250214|8:3"), kept 8 h;
 * - 8.0 / 8.1: one-minute `j|%y%m%d|%-H:%M` ("j|250214|8:03"), kept 8 h,
 *   and ten-minute `j|%y%m%d|%-H:<tens digit>` ("j|250214|8:0"), kept 3 days;
 * - 6.5 writes none (only with SIDEKIQ_METRICS_BETA=1, which Mastodon does not set).
 *
 * Periods follow the Web UI's (web/application.rb METRICS_PERIODS): 1 to
 * 8 hours from minute buckets; 24 to 72 hours from ten-minute ones (8.x).
 */
export const METRIC_PERIODS = ["1h", "2h", "4h", "8h", "24h", "48h", "72h"] as const;
export type MetricPeriod = (typeof METRIC_PERIODS)[number];

export interface ClassMetrics {
  className: string;
  /** Runs in the period, failed or not. */
  processed: number;
  failed: number;
  /** Total run time of the successful runs, ms. */
  totalMs: number;
  /** totalMs / (processed − failed), as JobResult#total_avg; null when none succeeded. */
  averageMs: number | null;
}

export interface JobMetrics {
  /** False on Sidekiq 6.5, or a period this version does not keep: `reason` says why. */
  available: boolean;
  reason: string | null;
  period: MetricPeriod;
  /** Bucket width in seconds (60 or 600). */
  bucketSeconds: number;
  from: number;
  to: number;
  /** Busiest first (total run time, as the Web UI sorts), then by runs. */
  classes: ClassMetrics[];
}

const pad = (n: number) => String(n).padStart(2, "0");

/** The key of the bucket holding `at` (UTC), in this version's spelling. */
export function metricsBucketKey(format: SidekiqFormat, at: Date, bucketSeconds: 60 | 600): string {
  const Y = at.getUTCFullYear();
  const date = `${pad(at.getUTCMonth() + 1)}${pad(at.getUTCDate())}`;
  const H = at.getUTCHours();
  const M = at.getUTCMinutes();
  if (format === "7.3") return `j|${Y}${date}|${H}:${M}`;
  const short = `j|${String(Y).slice(2)}${date}|${H}:${pad(M)}`;
  return bucketSeconds === 600 ? short.slice(0, -1) : short;
}

function plan(format: SidekiqFormat, period: MetricPeriod): { buckets: number; seconds: 60 | 600 } | string {
  if (format === "6.5")
    return "Sidekiq 6.5 (Mastodon 4.3) keeps no execution metrics; Sidekiq 7 and later (Mastodon 4.4+) do.";
  const hours = Number(period.slice(0, -1));
  if (hours <= 8) return { buckets: hours * 60, seconds: 60 };
  if (format === "7.3") return "Sidekiq 7.3 keeps execution metrics for 8 hours only.";
  return { buckets: hours * 6, seconds: 600 };
}

export async function readJobMetrics(
  redis: Redis,
  keys: SidekiqKeys,
  format: SidekiqFormat,
  period: MetricPeriod,
  now = Date.now(),
): Promise<JobMetrics> {
  const p = plan(format, period);
  const base = { period, to: now };
  if (typeof p === "string") return { ...base, available: false, reason: p, bucketSeconds: 60, from: now, classes: [] };
  const stride = p.seconds * 1000;
  const pipe = redis.pipeline();
  for (let i = 0; i < p.buckets; i++)
    pipe.hgetall(`${keys.prefix}${metricsBucketKey(format, new Date(now - i * stride), p.seconds)}`);
  const hashes = (await execOrThrow(pipe)) as Record<string, string>[];
  const totals = new Map<string, { p: number; f: number; ms: number }>();
  for (const hash of hashes) {
    for (const [field, value] of Object.entries(hash)) {
      const cut = field.lastIndexOf("|");
      const metric = field.slice(cut + 1);
      if (cut <= 0 || (metric !== "p" && metric !== "f" && metric !== "ms")) continue;
      const klass = field.slice(0, cut);
      const t = totals.get(klass) ?? { p: 0, f: 0, ms: 0 };
      t[metric] += Number.parseInt(value, 10) || 0;
      totals.set(klass, t);
    }
  }
  const classes = [...totals].map(([className, t]) => {
    const completed = t.p - t.f;
    return {
      className,
      processed: t.p,
      failed: t.f,
      totalMs: t.ms,
      averageMs: completed > 0 ? t.ms / completed : null,
    };
  });
  classes.sort((a, b) => b.totalMs - a.totalMs || b.processed - a.processed || a.className.localeCompare(b.className));
  return {
    ...base,
    available: true,
    reason: null,
    bucketSeconds: p.seconds,
    from: now - p.buckets * stride,
    classes,
  };
}
