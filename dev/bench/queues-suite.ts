import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { readJobFields } from "@/lib/mastodon/sidekiq/job-fields";
import { jobOrigin } from "@/lib/mastodon/sidekiq/job-origin";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { referenceFigures } from "@/dev/bench/sidekiq-reference-api";
import { accountDomains } from "@/lib/mastodon/sidekiq/account-domains";
import { getBreakdown } from "@/lib/queues/breakdown";
import { listJobs, listJobsInput } from "@/lib/queues/jobs";
import { writeSample } from "@/lib/queues/samples";
import { getQueuesSummary } from "@/lib/queues/summary";
import { figure, percentile, timeMany, type Figure } from "./figures";
import { benchSidekiq, clearBenchSidekiq, populateBenchSidekiq, QUEUE_MIX } from "./queues-populate";
import type { BenchSuite } from "./suites";

/**
 * Issue 3's figures at 1,000,000 enqueued jobs (910,000 in ingress), each
 * against the naive way measured in the same run: the summary and the
 * sampler's Redis time against Sidekiq's own API transcribed one command per
 * round trip; a job page at offset 900,000 against reading the list from
 * the start up to it; the breakdown against classifying the whole queue.
 */
const OWNER = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };
const DEEP_OFFSET = 900_000;

export const queuesSuite: BenchSuite = {
  name: "queues",
  async run({ context, log }) {
    // The bench writes a million jobs straight into Sidekiq's Redis, so it holds the raw client and keys.
    const { raw, redis, keys, format } = await benchSidekiq(context);
    log(`populating Sidekiq (${format}) with 1,000,000 jobs…`);
    const populated = await populateBenchSidekiq(redis, raw.readDb, format, log);
    const figures: Figure[] = [figure("queues: populate 1M jobs (setup)", populated.ms / 1000, "s", null)];
    try {
      log("queues summary…");
      // Warm-up: JIT and pools, as on a server that has been polled.
      await timeMany(50, () => getQueuesSummary(context, OWNER));
      const summary = await timeMany(1_000, () => getQueuesSummary(context, OWNER));
      await referenceFigures(redis, keys, format, Date.now());
      const naiveSummary = await timeMany(10, () => referenceFigures(redis, keys, format, Date.now()));
      figures.push(
        figure(
          "queues summary server time p95",
          percentile(summary, 95),
          "ms",
          { max: 5 },
          percentile(naiveSummary, 95),
        ),
        figure("queues summary server time p50", percentile(summary, 50), "ms", null, percentile(naiveSummary, 50)),
      );

      log("job page at offset 900,000…");
      const input = listJobsInput.parse({ source: "queue:ingress", offset: String(DEEP_OFFSET), limit: "25" });
      await timeMany(20, () => listJobs(context, input));
      const page = await timeMany(100, () => listJobs(context, input));
      const naivePage = await timeMany(1, async () => {
        // Sidekiq::Queue#each's way (pages from the head), with 1,000-job pages instead of 50.
        let seen = 0;
        for (let start = 0; seen < DEEP_OFFSET + 25; start += 1_000)
          seen += (await redis.lrange(keys.queue("ingress"), -(start + 1_000), -(start + 1))).length;
      });
      figures.push(
        figure("job page at offset 900,000 p95", percentile(page, 95), "ms", { max: 20 }, naivePage[0]),
        figure("job page at offset 900,000 p50", percentile(page, 50), "ms", null, naivePage[0]),
      );

      log("backlog breakdown of ingress (910,000 jobs)…");
      await timeMany(10, () => getBreakdown(context, { kind: "queue", queue: "ingress" }));
      const breakdown = await timeMany(30, () => getBreakdown(context, { kind: "queue", queue: "ingress" }));
      const naiveBreakdown = await timeMany(1, async () => {
        const classes = new Map<string, number>();
        const senders = new Set<string>();
        for (let start = 0; start < QUEUE_MIX.ingress!; start += 10_000) {
          for (const raw of await redis.lrange(keys.queue("ingress"), start, start + 9_999)) {
            const fields = readJobFields(raw);
            classes.set(fields?.displayClass ?? "?", (classes.get(fields?.displayClass ?? "?") ?? 0) + 1);
            const origin = fields ? jobOrigin(fields.class, fields.argsText) : null;
            if (origin?.kind === "sender") senders.add(origin.accountId);
          }
        }
        await accountDomains(raw.readDb, [...senders]);
      });
      figures.push(
        figure("backlog breakdown p95", percentile(breakdown, 95), "ms", { max: 50 }, naiveBreakdown[0]),
        figure("backlog breakdown p50", percentile(breakdown, 50), "ms", null, naiveBreakdown[0]),
      );

      log("sampler tick…");
      await timeMany(50, () => readSidekiqSnapshot(redis, { keys, format }));
      const redisTick = await timeMany(200, () => readSidekiqSnapshot(redis, { keys, format }));
      const naiveTick = await timeMany(5, () => referenceFigures(redis, keys, format, Date.now()));
      const store = await context.store();
      const fullTick = await timeMany(20, async () =>
        writeSample(store, await readSidekiqSnapshot(redis, { keys, format })),
      );
      await store.pool.query("DELETE FROM howdah.sidekiq_samples; DELETE FROM howdah.sidekiq_queue_samples");
      figures.push(
        figure("sampler tick Redis time p95", percentile(redisTick, 95), "ms", { max: 5 }, percentile(naiveTick, 95)),
        figure("sampler tick Redis time p50", percentile(redisTick, 50), "ms", null, percentile(naiveTick, 50)),
        figure("sampler tick with store insert p95", percentile(fullTick, 95), "ms", null),
      );
    } finally {
      await clearBenchSidekiq(redis, keys);
    }
    return figures;
  },
};
