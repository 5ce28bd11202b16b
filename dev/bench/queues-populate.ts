import type { Redis } from "ioredis";
import type pg from "pg";
import { enqueuedJobJson, seededRandom, SidekiqWriter, type SidekiqFormat } from "@/dev/fixtures/sidekiq";
import { sidekiqKeys, type SidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import type { ServerContext } from "@/lib/server/context";
import { rawConnections } from "@/dev/testing/raw-connections";

/**
 * The queue benchmark's Sidekiq: 1,000,000 enqueued jobs over Mastodon's
 * queues as a busy relay leaves them (ingress flooded, push busy), thousands
 * of retries, dead and scheduled jobs, and four processes. Each job is a real
 * Sidekiq payload for the format: one is built by the fixtures per class and
 * the rest vary its jid, times, inbox host and sender, so a million cost
 * seconds, not minutes, and stream to Redis in chunks.
 */
export const QUEUE_MIX: Record<string, number> = {
  ingress: 910_000,
  push: 60_000,
  default: 15_000,
  pull: 10_000,
  mailers: 2_000,
  scheduler: 1_500,
  fasp: 1_500,
};
export const BENCH_SETS = { retries: 5_000, dead: 3_000, scheduled: 2_000 };

const JID = "000000000000000000000000";
const T = 1_754_480_000_123;
const HOST = "host.invalid";
const ACCOUNT = 987654321987654321n;

/** Splits a fixture-built payload at its sentinel values into template parts. */
function template(
  format: SidekiqFormat,
  klass: string,
  args: unknown[],
): (jid: string, ms: number, host: string, account: string) => string {
  const json = enqueuedJobJson(format, { class: klass, args: args as never, jid: JID, createdAt: T, enqueuedAt: T });
  const time = format === "8.0" || format === "8.1" ? String(T) : String(T / 1000);
  return (jid, ms, host, account) => {
    const stamp =
      format === "8.0" || format === "8.1"
        ? String(ms)
        : String(ms / 1000).includes(".")
          ? String(ms / 1000)
          : `${ms / 1000}.0`;
    return json.replace(JID, jid).replaceAll(time, stamp).replaceAll(HOST, host).replaceAll(String(ACCOUNT), account);
  };
}

export async function populateBenchSidekiq(
  redis: Redis,
  readDb: pg.Pool,
  format: SidekiqFormat,
  log: (line: string) => void,
  now = Date.now(),
): Promise<{ jobs: number; ms: number }> {
  const started = performance.now();
  const rng = seededRandom(3);
  const senders = (
    await readDb.query<{ id: string }>(
      "SELECT id::text AS id FROM accounts WHERE domain IS NOT NULL ORDER BY id LIMIT 5000",
    )
  ).rows.map((r) => r.id);
  if (senders.length === 0) senders.push(String(ACCOUNT));
  // A skewed spread of remote servers: a few big ones carry most of the traffic.
  const hosts = Array.from({ length: 400 }, (_, i) => `server${i}.example`);
  const skewed = <T>(list: T[]) => list[Math.floor(list.length * rng.next() ** 3)]!;
  const hex = () => rng.hex(12);

  const builders: Record<string, ReturnType<typeof template>[]> = {
    ingress: [
      template(format, "ActivityPub::ProcessingWorker", [
        ACCOUNT,
        `{"type":"Create","actor":"https://${HOST}/users/a","object":{"type":"Note","content":"<p>Hello from a relay</p>"}}`,
        null,
        "Account",
      ]),
    ],
    push: [
      template(format, "ActivityPub::DeliveryWorker", [
        `{"type":"Create","actor":"https://howdah.test/users/a"}`,
        1,
        `https://${HOST}/inbox`,
        {},
      ]),
      template(format, "ActivityPub::DistributionWorker", [ACCOUNT]),
    ],
    default: [
      template(format, "LocalNotificationWorker", [1, ACCOUNT, "Status", "reblog"]),
      template(format, "FeedInsertWorker", [ACCOUNT, 1, "home"]),
    ],
    pull: [
      template(format, "FetchReplyWorker", [`https://${HOST}/users/b/statuses/1`]),
      template(format, "RedownloadMediaWorker", [ACCOUNT]),
    ],
    mailers: [template(format, "LocalNotificationWorker", [2, ACCOUNT, "Status", "mention"])],
    scheduler: [template(format, "LocalNotificationWorker", [3, ACCOUNT, "Status", "favourite"])],
    fasp: [template(format, "LocalNotificationWorker", [4, ACCOUNT, "Status", "poll"])],
  };
  const writer = new SidekiqWriter(redis, { format, seed: 3, chunkSize: 1_000, pipelineDepth: 25 });
  let jobs = 0;
  for (const [queue, count] of Object.entries(QUEUE_MIX)) {
    const makers = builders[queue]!;
    // Oldest first: the backlog began two hours ago.
    function* generate() {
      for (let i = 0; i < count; i++) {
        const at = now - 7_200_000 + Math.floor((i / count) * 7_100_000);
        yield makers[i % makers.length]!(hex(), at, skewed(hosts), skewed(senders));
      }
    }
    jobs += await writer.enqueue(queue, generate());
    log(`  ${queue}: ${count.toLocaleString("en")} jobs`);
  }

  const failure = (i: number) => ({
    errorClass: "HTTP::TimeoutError",
    errorMessage: "Read timed out after 10 seconds",
    failedAt: now - 3_600_000 + i,
    retryCount: i % 3,
    retriedAt: now - 600_000 + i,
  });
  await writer.addRetries(
    Array.from({ length: BENCH_SETS.retries }, (_, i) => ({
      job: {
        class: "ThreadResolveWorker",
        args: [BigInt(senders[i % senders.length]!), `https://${hosts[i % 40]}/s/${i}`],
        createdAt: now - 7_200_000,
      },
      failure: failure(i),
      retryAt: now + i * 1000,
    })),
  );
  await writer.addDead(
    Array.from({ length: BENCH_SETS.dead }, (_, i) => ({
      job: { class: "LinkCrawlWorker", args: [i], createdAt: now - 86_400_000 },
      failure: failure(i),
      diedAt: now - i * 60_000,
    })),
  );
  await writer.schedule(
    Array.from({ length: BENCH_SETS.scheduled }, (_, i) => ({
      job: { class: "LinkCrawlWorker", args: [i], createdAt: now },
      at: now + i * 1000,
    })),
  );
  await writer.setStats({ processed: 912_345_678, failed: 1_234_567 });
  for (let p = 0; p < 4; p++) {
    await writer.writeProcess({
      hostname: `sidekiq-${p}`,
      pid: 1000 + p,
      concurrency: 25,
      startedAt: now - 86_400_000,
      beat: now,
      busy: Array.from({ length: 20 }, (_, i) => ({
        job: {
          class: "ActivityPub::ProcessingWorker",
          args: [BigInt(senders[i % senders.length]!), "{}", null, "Account"],
          createdAt: now - 2_000,
        },
        runAt: now - i * 100,
      })),
    });
  }
  // Live processes beat every 10 s, which keeps their hashes (60 s expiry) alive; these do not beat, and
  // the suites read them minutes later, so their hashes are kept for as long as the bench's jobs are.
  const pipe = redis.pipeline();
  for (const id of await redis.smembers(writer.key("processes")))
    pipe.persist(writer.key(id)).persist(writer.key(`${id}:work`));
  await pipe.exec();
  return { jobs, ms: performance.now() - started };
}

/** Removes what populateBenchSidekiq wrote (UNLINK frees memory in the background), so later suites start clean. */
export async function clearBenchSidekiq(redis: Redis, keys: SidekiqKeys): Promise<void> {
  const processes = await redis.smembers(keys.processes);
  await redis.unlink(
    keys.queues,
    keys.set("schedule"),
    keys.set("retry"),
    keys.set("dead"),
    keys.processes,
    keys.processed,
    keys.failed,
    ...Object.keys(QUEUE_MIX).map((q) => keys.queue(q)),
    ...processes.flatMap((id) => [keys.process(id), keys.work(id)]),
  );
}

/** The bench's raw hold on Sidekiq's Redis (it writes jobs straight in), its keys, and Mastodon's job format. */
export async function benchSidekiq(context: ServerContext) {
  const raw = rawConnections(context);
  const format = await context.mastodon.version().then(
    (v) => v.sidekiqFormat,
    () => "8.1" as const,
  );
  return { raw, redis: raw.sidekiqRedis, keys: sidekiqKeys(raw.keyPrefix), format };
}
