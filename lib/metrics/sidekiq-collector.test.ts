// /metrics' Sidekiq families, read live from Sidekiq 6.5 data under REDIS_NAMESPACE (Mastodon 4.3).
import { describe, expect, it } from "vitest";
import { SidekiqWriter } from "@/dev/fixtures/sidekiq";
import { useQueuesTestContext } from "@/dev/testing/queues-test-context";
import { renderExposition } from "./exposition";
import { sidekiqCollector } from "./sidekiq-collector";

const t = useQueuesTestContext("metrics", "4.3", { REDIS_NAMESPACE: "mastodon" });

describe("sidekiqCollector", () => {
  it(
    "exposes queue sizes and latency per queue, set sizes, " + "processes, busy threads and the lifetime counters",
    async () => {
      const now = Date.now();
      const w = new SidekiqWriter(t.redis, { format: "6.5", namespace: "mastodon", seed: 1 });
      await w.enqueue("push", [
        {
          class: "ActivityPub::DeliveryWorker",
          args: ["{}", 1, "https://a.example/inbox", {}],
          createdAt: now - 90_000,
        },
      ]);
      await w.addDead([
        {
          job: { class: "LinkCrawlWorker", args: [1], createdAt: now },
          failure: { errorClass: "E", errorMessage: "m", failedAt: now },
        },
      ]);
      await w.setStats({ processed: 1234, failed: 56 });
      await w.writeProcess({
        hostname: "s",
        pid: 1,
        concurrency: 5,
        startedAt: now,
        beat: now,
        busy: [{ job: { class: "LinkCrawlWorker", args: [2] }, runAt: now }],
      });
      const text = renderExposition(await sidekiqCollector.collect(t.context));
      expect(text).toContain('mastodon_sidekiq_queue_size{queue="push"} 1\n');
      expect(text).toMatch(/mastodon_sidekiq_queue_latency_seconds\{queue="push"\} 9\d\.\d+/);
      for (const line of [
        "mastodon_sidekiq_scheduled_size 0",
        "mastodon_sidekiq_retry_size 0",
        "mastodon_sidekiq_dead_size 1",
        "mastodon_sidekiq_processes 1",
        "mastodon_sidekiq_busy 1",
        "# TYPE mastodon_sidekiq_processed_total counter",
        "mastodon_sidekiq_processed_total 1234",
        "mastodon_sidekiq_failed_total 56",
      ]) {
        expect(text).toContain(`${line}\n`);
      }
    },
  );
});
