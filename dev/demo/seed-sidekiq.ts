import type pg from "pg";
import type { Redis } from "ioredis";
import { SidekiqWriter, type SidekiqFormat } from "@/dev/fixtures/sidekiq";

/**
 * A believable Sidekiq state for the demo: an ingress backlog building up
 * behind a relay, deliveries waiting for a slow server, a few retries, dead
 * jobs and scheduled jobs, lifetime counters. Uses the demo instance's real
 * account ids and inboxes, written in Sidekiq's exact format for the version.
 */
export async function seedDemoSidekiq(
  redis: Redis,
  db: pg.Pool,
  format: SidekiqFormat,
  now = Date.now(),
): Promise<void> {
  const writer = new SidekiqWriter(redis, { format, seed: 2026 });
  const senders = await db.query<{ id: string; domain: string }>(
    `SELECT id::text, domain FROM accounts WHERE domain IS NOT NULL AND suspended_at IS NULL ORDER BY id LIMIT 400`,
  );
  const relayActors = await db.query<{ id: string }>(
    `SELECT a.id::text FROM accounts a JOIN relays r ON r.inbox_url = a.inbox_url WHERE r.state = 2`,
  );
  const inboxes = [...new Set(senders.rows.map((r) => `https://${r.domain}/inbox`))].slice(0, 60);
  const pick = <T>(list: T[], i: number): T => list[i % list.length]!;
  const relayIds = relayActors.rows.map((r) => r.id);

  // Ingress: oldest first, 25 minutes of backlog; a third from the relay actor.
  const ingress = Array.from({ length: 3000 }, (_, i) => {
    const sender = i % 3 === 0 && relayIds.length ? BigInt(pick(relayIds, i)) : BigInt(pick(senders.rows, i * 7).id);
    const at = now - 25 * 60_000 + i * 500;
    return {
      class: "ActivityPub::ProcessingWorker",
      args: [sender, `{"type":"Create","id":"https://remote.example/activities/${i}"}`, null, "Account"],
      createdAt: at,
      enqueuedAt: at,
    };
  });
  await writer.enqueue("ingress", ingress);

  const push = Array.from({ length: 1500 }, (_, i) => {
    const at = now - 6 * 60_000 + i * 240;
    return {
      class: "ActivityPub::DeliveryWorker",
      args: [`{"type":"Create","id":"https://howdah.test/users/demo/statuses/${i}"}`, 1n, pick(inboxes, i * 13)],
      createdAt: at,
      enqueuedAt: at,
    };
  });
  await writer.enqueue("push", push);

  const failure = (i: number) => ({
    errorClass: "Mastodon::UnexpectedResponseError",
    errorMessage: `https://${pick(inboxes, i)} returned code 503`,
    failedAt: now - (i + 1) * 90_000,
  });
  await writer.addRetries(
    Array.from({ length: 40 }, (_, i) => ({
      job: {
        class: "ActivityPub::ProcessingWorker",
        args: [BigInt(pick(senders.rows, i).id), "{}", null, "Account"],
        createdAt: now - (i + 2) * 90_000,
      },
      failure: failure(i),
    })),
  );
  await writer.addDead(
    Array.from({ length: 12 }, (_, i) => ({
      job: { class: "LinkCrawlWorker", args: [BigInt(1000 + i)], createdAt: now - (i + 1) * 3_600_000 },
      failure: {
        errorClass: "HTTP::TimeoutError",
        errorMessage: "Timed out after using the allocated 10 seconds",
        failedAt: now - (i + 1) * 3_600_000,
      },
      diedAt: now - i * 3_000_000,
    })),
  );
  await writer.schedule(
    Array.from({ length: 25 }, (_, i) => ({
      job: { class: "Scheduler::VacuumScheduler", args: [], createdAt: now },
      at: now + (i + 1) * 600_000,
    })),
  );
  await writer.setStats({ processed: 48_213_904, failed: 391_220 });
}
