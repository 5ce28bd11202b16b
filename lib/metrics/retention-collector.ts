import "server-only";
import type { MetricsCollector } from "./collectors";

/**
 * mastodon_retention_days{setting}: the days each retention setting gives the
 * nightly vacuum, Mastodon's default applied (7 for user archives when no row
 * exists), 0 when that cleanup is off. mastodon_vacuum_last_enqueued_timestamp_seconds:
 * when sidekiq-scheduler last enqueued Scheduler::VacuumScheduler (its
 * `last_times` hash; no sample when it holds none). Mastodon records no
 * completed run, so alert on this being older than a day and a bit.
 */
export const retentionCollector: MetricsCollector = {
  name: "retention",
  async collect(context) {
    const [settings, schedule] = await Promise.all([
      context.mastodon.retention.readSettings(),
      context.mastodon.retention.readVacuumSchedule(),
    ]);
    return [
      {
        name: "mastodon_retention_days",
        help: "Days after which Mastodon's nightly vacuum deletes cached media, remote posts or user archives (0: off)",
        type: "gauge",
        samples: settings.map((s) => ({ labels: { setting: s.var }, value: s.effectiveDays ?? 0 })),
      },
      {
        name: "mastodon_vacuum_last_enqueued_timestamp_seconds",
        help: "When sidekiq-scheduler last enqueued Mastodon's nightly vacuum (Scheduler::VacuumScheduler).",
        type: "gauge",
        samples:
          schedule.lastEnqueuedAt === null ? [] : [{ labels: {}, value: Math.floor(schedule.lastEnqueuedAt / 1000) }],
      },
    ];
  },
};
