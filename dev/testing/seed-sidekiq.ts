import type { Redis } from "ioredis";
import { MASTODON_WORKERS, SidekiqWriter, type EnqueueInput } from "@/dev/fixtures/sidekiq";

/**
 * Sidekiq data for the browser tests' Mastodon 4.6 instance (Sidekiq 8.1
 * format), written through SidekiqWriter: a push backlog old enough to raise
 * the push latency alert, jobs in every Mastodon queue, retries, scheduled
 * and dead jobs, counters, and two processes (one running three jobs).
 *
 * The processes' heartbeat hashes are made persistent: real ones expire 60 s
 * after the last beat, and nothing beats during a test run.
 * `senderAccountIds` (remote accounts of the instance) make the ingress
 * breakdown show real sending domains.
 */
export const E2E_SIDEKIQ = {
  pushJobs: 1_200,
  ingressJobs: 300,
  retries: 40,
  dead: 15,
  scheduled: 20,
  hosts: ["slow.example", "mastodon.social", "fosstodon.org", "hachyderm.io"],
  longClass: "ActivityPub::SynchronizeFeaturedTagsCollectionWorker",
} as const;

export async function seedE2eSidekiq(
  redis: Redis,
  options: { senderAccountIds?: string[]; now?: number } = {},
): Promise<void> {
  const now = options.now ?? Date.now();
  const writer = new SidekiqWriter(redis, { format: "8.1", seed: 2024, now: () => now });
  const rng = writer.rng;
  const senders = options.senderAccountIds?.length
    ? options.senderAccountIds.map((id) => BigInt(id))
    : [113004567890123456n];

  const delivery = (i: number): EnqueueInput => {
    const host = i % 2 === 0 ? E2E_SIDEKIQ.hosts[0] : E2E_SIDEKIQ.hosts[1 + (i % 3)]!;
    const at = now - 20 * 60_000 + i * 500; // the oldest waited 20 minutes: over push's 5-minute threshold
    return {
      class: MASTODON_WORKERS.delivery.class,
      args: ['{"type":"Create"}', rng.int(1, 50), `https://${host}/inbox`, {}],
      createdAt: at,
      enqueuedAt: at,
    };
  };
  await writer.enqueue(
    "push",
    Array.from({ length: E2E_SIDEKIQ.pushJobs }, (_, i) => delivery(i)),
  );
  await writer.enqueue(
    "ingress",
    Array.from({ length: E2E_SIDEKIQ.ingressJobs }, (_, i) => ({
      class: MASTODON_WORKERS.processing.class,
      args: [senders[i % senders.length]!, '{"type":"Create","object":{"type":"Note"}}', null, "Account"],
      createdAt: now - 30_000 + i * 50,
    })),
  );
  await writer.enqueue(
    "default",
    Array.from({ length: 20 }, () => ({
      class: "LocalNotificationWorker",
      args: MASTODON_WORKERS.localNotification.sampleArgs(rng),
      createdAt: now - 5_000,
    })),
  );
  // Mastodon's longest worker names, unbroken: a page must wrap them, not scroll sideways at phone width.
  await writer.enqueue(
    "default",
    Array.from({ length: 5 }, (_, i) => ({
      class: E2E_SIDEKIQ.longClass,
      args: [113004567890123456n + BigInt(i), "https://mastodon.social/users/a/collections/featured_tags"],
      createdAt: now - 5_000,
    })),
  );
  await writer.enqueue(
    "pull",
    Array.from({ length: 50 }, () => ({
      class: "FetchReplyWorker",
      args: MASTODON_WORKERS.fetchReply.sampleArgs(rng),
      createdAt: now - 60_000,
    })),
  );
  await redis.sadd("queues", "mailers", "scheduler", "fasp");

  await writer.schedule(
    Array.from({ length: E2E_SIDEKIQ.scheduled }, (_, i) => ({
      job: { class: "LinkCrawlWorker", args: [BigInt(113004567890000000n) + BigInt(i)], createdAt: now },
      at: now + (i + 1) * 60_000,
    })),
  );
  await writer.addRetries(
    Array.from({ length: E2E_SIDEKIQ.retries }, (_, i) => ({
      job: {
        class: i % 2 ? "ThreadResolveWorker" : "RedownloadMediaWorker",
        args:
          i % 2 ? [113004567890123456n + BigInt(i), "https://mastodon.social/@a/1"] : [113004567890123456n + BigInt(i)],
        createdAt: now - 3_600_000,
      },
      failure: {
        errorClass: "HTTP::TimeoutError",
        errorMessage: "Read timed out after 10 seconds",
        failedAt: now - 3_000_000,
        retryCount: i % 3,
        retriedAt: now - 600_000,
      },
      retryAt: now + (i + 1) * 120_000,
    })),
  );
  await writer.addDead(
    Array.from({ length: E2E_SIDEKIQ.dead }, (_, i) => ({
      job: { class: "LinkCrawlWorker", args: [113004567890123456n + BigInt(i)], createdAt: now - 86_400_000 },
      failure: {
        errorClass: "ActiveRecord::RecordNotFound",
        errorMessage: "Couldn't find Status with 'id'=113004567890123456",
        failedAt: now - 80_000_000 - i * 1000,
      },
    })),
  );
  await writer.setStats({ processed: 1_234_567, failed: 8_910 });

  const busy = [0, 1, 2].map((i) => ({
    job: {
      class: i === 2 ? E2E_SIDEKIQ.longClass : MASTODON_WORKERS.processing.class,
      args:
        i === 2
          ? [senders[0]!, "https://mastodon.social/users/a/collections/featured_tags"]
          : [senders[0]!, '{"type":"Announce"}', null, "Account"],
      createdAt: now - 4_000,
    },
    runAt: now - (i + 1) * 1_000,
  }));
  const processes = [
    await writer.writeProcess({
      hostname: "sidekiq-default",
      pid: 4242,
      concurrency: 10,
      startedAt: now - 3 * 86_400_000,
      beat: now,
      busy,
      rss: 612_000,
    }),
    await writer.writeProcess({
      hostname: "sidekiq-pull",
      pid: 4343,
      concurrency: 5,
      queues: [
        ["pull", 1],
        ["scheduler", 1],
      ],
      startedAt: now - 86_400_000,
      beat: now,
      rss: 420_000,
    }),
  ];
  for (const { identity } of processes) await redis.persist(identity);
  await redis.persist(`${processes[0]!.identity}:work`);
}
