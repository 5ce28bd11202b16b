import "server-only";
import type { MetricsCollector } from "./collectors";
import type { MetricFamily } from "./exposition";

/**
 * Sidekiq's figures read live at scrape time: the same two pipelined round
 * trips as the Queues page, whatever the queue sizes. A figure whose key
 * holds something Sidekiq never writes has no sample (absent, not a false 0).
 */
const known = <S extends { value: number | null }>(samples: S[]): (S & { value: number })[] =>
  samples.filter((s): s is S & { value: number } => s.value !== null);

export const sidekiqCollector: MetricsCollector = {
  name: "sidekiq",
  async collect(context) {
    const s = await context.mastodon.sidekiq.snapshot({ work: false });
    const gauge = (name: string, help: string, value: number | null): MetricFamily => ({
      name,
      help,
      type: "gauge",
      samples: known([{ value }]),
    });
    return [
      {
        name: "mastodon_sidekiq_queue_size",
        help: "Jobs waiting in each Sidekiq queue (Sidekiq::Queue#size).",
        type: "gauge",
        samples: known(s.queues.map((q) => ({ labels: { queue: q.name }, value: q.size }))),
      },
      {
        name: "mastodon_sidekiq_queue_latency_seconds",
        help: "Age of the oldest job in each Sidekiq queue (Sidekiq::Queue#latency).",
        type: "gauge",
        samples: known(
          s.queues.map((q) => ({
            labels: { queue: q.name },
            value: q.latency === null ? null : Math.max(0, Math.round(q.latency * 1000) / 1000),
          })),
        ),
      },
      gauge("mastodon_sidekiq_enqueued", "Jobs waiting across all Sidekiq queues.", s.enqueued),
      gauge("mastodon_sidekiq_scheduled_size", "Jobs in Sidekiq's scheduled set.", s.scheduled),
      gauge("mastodon_sidekiq_retry_size", "Jobs in Sidekiq's retry set.", s.retries),
      gauge("mastodon_sidekiq_dead_size", "Jobs in Sidekiq's dead set.", s.dead),
      gauge(
        "mastodon_sidekiq_processes",
        "Sidekiq processes alive (listed in `processes` with a heartbeat hash).",
        s.processesAlive,
      ),
      gauge("mastodon_sidekiq_busy", "Sidekiq threads running a job.", s.busy),
      gauge("mastodon_sidekiq_concurrency", "Sidekiq threads across alive processes.", s.concurrency),
      {
        name: "mastodon_sidekiq_processed_total",
        help: "Jobs Sidekiq has run (Sidekiq::Stats#processed; includes failed ones).",
        type: "counter",
        samples: known([{ value: s.processed }]),
      },
      {
        name: "mastodon_sidekiq_failed_total",
        help: "Jobs that raised an error (Sidekiq::Stats#failed).",
        type: "counter",
        samples: known([{ value: s.failed }]),
      },
    ];
  },
};
