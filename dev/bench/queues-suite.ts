import { Redis } from "ioredis";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { getBreakdown } from "@/lib/queues/breakdown";
import { listJobs, listJobsInput } from "@/lib/queues/jobs";
import { writeSample } from "@/lib/queues/samples";
import { getQueuesSummary, type QueuesSummary } from "@/lib/queues/summary";
import { readJobFields } from "@/lib/mastodon/sidekiq/job-fields";
import { jobOrigin } from "@/lib/mastodon/sidekiq/job-origin";
import { accountDomains } from "@/lib/mastodon/sidekiq/account-domains";
import {
  figure,
  percentile,
  runsNote,
  summarizeRuns,
  timeMany,
  toRun,
  machineLoad,
  type Figure,
  type Run,
} from "./figures";
import { BENCH } from "./large-instance";
import { benchSidekiq, clearBenchSidekiq, populateBenchSidekiq, QUEUE_MIX } from "./queues-populate";
import { get, pollQueues, pollStatus, startSignedInServer, type QueuesServer } from "./queues-http";
import {
  populateRubyAnchor,
  rubyAnchor,
  rubySidekiqVersion,
  type RubyPageSeen,
  type RubySummarySeen,
} from "./sidekiq-ruby";
import type { BenchSuite } from "./suites";

/**
 * Issue 3's and 16's queue figures at 1,000,000 enqueued jobs (910,000 in
 * ingress), each run three times with the machine's load printed beside it:
 *
 * - the queue summary: Howdah's computation (server time) against Sidekiq's
 *   own Ruby API reading the same jobs (sidekiq-ruby.ts), and what the page's
 *   poll costs over HTTP, signed in, from `npm start`'s server;
 * - a job page at offset 900,000 against Sidekiq's own paging of a queue;
 * - the backlog breakdown and the sampler tick (no anchor: Sidekiq has none).
 */
const OWNER = { permissions: Permissions.fromRoles(0, PERMISSION_BITS.administrator) };
const DEEP_OFFSET = 900_000;
const PAGE_SIZE = 25;
const RUNS = 3;
const REQUESTS = 1_000;
/** The Redis database of the anchor's copy of the jobs, on the bench's Redis (DB 8 is the bench's own). */
const ANCHOR_REDIS_DB = 6;

export const queuesSuite: BenchSuite = {
  name: "queues",
  async run({ context, env, log, webPort }) {
    // The bench writes a million jobs straight into Sidekiq's Redis, so it holds the raw client and keys.
    const { raw, redis, keys, format } = await benchSidekiq(context);
    const now = Date.now();
    log(`populating Sidekiq (${format}) with 1,000,000 jobs…`);
    const populated = await populateBenchSidekiq(redis, raw.readDb, format, log, now);
    const figures: Figure[] = [figure("queues: populate 1M jobs (setup)", populated.ms / 1000, "s", null)];

    const rubyVersion = rubySidekiqVersion();
    const anchorUrl = env.REDIS_URL!.replace(/\/\d+$/, `/${ANCHOR_REDIS_DB}`);
    const anchorRedis = rubyVersion ? new Redis(anchorUrl) : null;
    if (anchorRedis) {
      log(`the anchor: Sidekiq ${rubyVersion}'s Ruby API, the same jobs in its format (Redis DB ${ANCHOR_REDIS_DB})…`);
      await populateRubyAnchor(anchorRedis, raw.readDb, now);
    } else log("Sidekiq's Ruby API is not installed (dev/setup/ensure.sh --bench installs ruby-sidekiq): no ratios");
    const anchor = <Seen>(args: string[]) => rubyAnchor<Seen>(anchorUrl, args);

    let server: QueuesServer | null = null;
    try {
      log("queues summary: Howdah's computation, Sidekiq's Ruby API and GET /api/queues over HTTP, three runs…");
      server = await startSignedInServer(env, webPort ?? BENCH.port + 8);
      // Warm-up: JIT, pools and route modules, as on a server that has been polled.
      await pollQueues(server, 200);
      await timeMany(200, () => getQueuesSummary(context, OWNER));
      const probe = await get(`${server.base}/api/queues`, { cookie: server.cookie });
      log(`  /api/queues answered by: ${probe.answeredBy}`);
      const served = JSON.parse(probe.body) as QueuesSummary;
      const computed = await getQueuesSummary(context, OWNER);
      if (JSON.stringify(served.totals) !== JSON.stringify(computed.totals))
        throw new Error("the HTTP answer's totals differ from the computation's");

      const runs = {
        floor: [] as Run[],
        shared: [] as Run[],
        http: [] as Run[],
        computation: [] as Run[],
        ruby: [] as Run[],
      };
      let rubySeen: RubySummarySeen | null = null;
      for (let run = 0; run < RUNS; run++) {
        runs.floor.push(toRun(await pollStatus(server, REQUESTS)));
        runs.shared.push(toRun(await pollQueues(server, REQUESTS)));
        runs.http.push(toRun(await pollQueues(server, REQUESTS, true)));
        runs.computation.push(toRun(await timeMany(REQUESTS, () => getQueuesSummary(context, OWNER))));
        if (anchorRedis) {
          const reading = await anchor<RubySummarySeen>(["summary", String(REQUESTS)]);
          runs.ruby.push(toRun(reading.ms));
          rubySeen = reading.seen;
        }
      }
      const floor = summarizeRuns("HTTP floor: GET /status, a prerendered buffer", runs.floor);
      const shared = summarizeRuns("GET /api/queues over HTTP, signed in, polls sharing a reading", runs.shared);
      const http = summarizeRuns("GET /api/queues over HTTP, signed in, a new reading each", runs.http);
      const alone = summarizeRuns("queues summary computation alone (in-process)", runs.computation);
      const ruby = anchorRedis ? summarizeRuns(`Sidekiq ${rubyVersion} Ruby API, the same summary`, runs.ruby) : null;
      for (const s of [floor, shared, http, alone, ruby]) for (const line of s?.lines ?? []) log(line);
      const sameFigures = rubySeen && sameSummary(computed, rubySeen);
      if (rubySeen && !sameFigures) log(`  the anchor read other figures: ${JSON.stringify(rubySeen).slice(0, 400)}`);
      const rubyFor = (p: number | undefined) => (sameFigures ? p : undefined);
      figures.push(
        noted(
          figure("queues summary server time p95", alone.p95, "ms", { max: 5 }, rubyFor(ruby?.p95)),
          runs.computation,
          "p95",
        ),
        noted(
          figure("queues summary server time p50", alone.p50, "ms", null, rubyFor(ruby?.p50)),
          runs.computation,
          "p50",
        ),
      );
      if (ruby && sameFigures)
        figures.push(
          noted(figure(`Sidekiq ${rubyVersion} Ruby API, queue summary p95`, ruby.p95, "ms", null), runs.ruby, "p95"),
          noted(figure(`Sidekiq ${rubyVersion} Ruby API, queue summary p50`, ruby.p50, "ms", null), runs.ruby, "p50"),
          // Howdah's computation must be the faster of the two: Sidekiq's time over Howdah's above 1.
          figure("queues summary: Sidekiq's Ruby API time / Howdah's, p95", ruby.p95 / alone.p95, "×", { min: 1 }),
          figure("queues summary: Sidekiq's Ruby API time / Howdah's, p50", ruby.p50 / alone.p50, "×", { min: 1 }),
        );
      figures.push(
        // One tab polls every few seconds, so each of its polls takes a new reading: timed with
        // Cache-Control: no-cache, the computation plus what HTTP and the session add…
        noted(
          figure("GET /api/queues over HTTP, signed in, a new reading each, p95", http.p95, "ms", { max: 5 }),
          runs.http,
          "p95",
        ),
        noted(
          figure("GET /api/queues over HTTP, signed in, a new reading each, p50", http.p50, "ms", null),
          runs.http,
          "p50",
        ),
        figure("GET /api/queues, a new reading each: HTTP p95 / computation p95", http.p95 / alone.p95, "×", {
          max: 2,
        }),
        // …while polls within a second of each other (several tabs, several staff) share one reading
        // (lib/queues/summary-share.ts): back to back, nearly all of these are answered from it.
        noted(
          figure("GET /api/queues over HTTP, signed in, polls sharing a reading, p95", shared.p95, "ms", { max: 5 }),
          runs.shared,
          "p95",
        ),
        noted(
          figure("GET /api/queues over HTTP, signed in, polls sharing a reading, p50", shared.p50, "ms", null),
          runs.shared,
          "p50",
        ),
        noted(figure("HTTP floor (GET /status, same server and client) p95", floor.p95, "ms", null), runs.floor, "p95"),
      );
      log(`  load at the end of the summary runs: ${machineLoad()}`);
      await server.stop();
      server = null;

      log("job page at offset 900,000, three runs…");
      const input = listJobsInput.parse({
        source: "queue:ingress",
        offset: String(DEEP_OFFSET),
        limit: String(PAGE_SIZE),
      });
      await timeMany(20, () => listJobs(context, input));
      const pageRuns = { howdah: [] as Run[], ruby: [] as Run[] };
      let rubyPage: RubyPageSeen | null = null;
      for (let run = 0; run < RUNS; run++) {
        pageRuns.howdah.push(toRun(await timeMany(100, () => listJobs(context, input))));
        if (anchorRedis) {
          const reading = await anchor<RubyPageSeen>([
            "page",
            "100",
            "ingress",
            String(DEEP_OFFSET),
            String(PAGE_SIZE),
          ]);
          pageRuns.ruby.push(toRun(reading.ms));
          rubyPage = reading.seen;
        }
      }
      const page = summarizeRuns("job page at offset 900,000", pageRuns.howdah);
      const rubyPaging = anchorRedis
        ? summarizeRuns(`Sidekiq ${rubyVersion}'s paging (Paginator + JobRecord), the same page`, pageRuns.ruby)
        : null;
      for (const s of [page, rubyPaging]) for (const line of s?.lines ?? []) log(line);
      const ours = (await listJobs(context, input)).jobs.map((j) => j.jid);
      const samePage = rubyPage !== null && JSON.stringify(rubyPage.jids) === JSON.stringify(ours);
      if (rubyPage && !samePage) log("  the anchor's page holds other jobs: no ratio");
      const rubyPageFor = (p: number | undefined) => (samePage ? p : undefined);
      figures.push(
        noted(
          figure("job page at offset 900,000 p95", page.p95, "ms", { max: 20 }, rubyPageFor(rubyPaging?.p95)),
          pageRuns.howdah,
          "p95",
        ),
        noted(
          figure("job page at offset 900,000 p50", page.p50, "ms", null, rubyPageFor(rubyPaging?.p50)),
          pageRuns.howdah,
          "p50",
        ),
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
      log(`  (load ${machineLoad()})`);
      figures.push(
        figure("backlog breakdown p95", percentile(breakdown, 95), "ms", { max: 50 }, naiveBreakdown[0]),
        figure("backlog breakdown p50", percentile(breakdown, 50), "ms", null, naiveBreakdown[0]),
      );

      log("sampler tick (as the sampler reads: one round trip while the queues and processes stay)…");
      await timeMany(50, () => readSidekiqSnapshot(redis, { keys, format, reuseLists: true }));
      const redisTick = await timeMany(200, () => readSidekiqSnapshot(redis, { keys, format, reuseLists: true }));
      const store = await context.store();
      const fullTick = await timeMany(20, async () =>
        writeSample(store, await readSidekiqSnapshot(redis, { keys, format, reuseLists: true })),
      );
      await store.pool.query("DELETE FROM howdah.sidekiq_samples; DELETE FROM howdah.sidekiq_queue_samples");
      log(`  (load ${machineLoad()})`);
      figures.push(
        figure("sampler tick Redis time p95", percentile(redisTick, 95), "ms", { max: 5 }),
        figure("sampler tick Redis time p50", percentile(redisTick, 50), "ms", null),
        figure("sampler tick with store insert p95", percentile(fullTick, 95), "ms", null),
      );
    } finally {
      await server?.stop();
      await clearBenchSidekiq(redis, keys);
      if (anchorRedis) {
        await anchorRedis.flushdb();
        anchorRedis.disconnect();
      }
    }
    return figures;
  },
};

/** The figure with each run's value and load as its note. */
const noted = (f: Figure, runs: Run[], key: "p50" | "p95"): Figure => ({ ...f, note: runsNote(runs, key) });

/** Whether Sidekiq's Ruby API read the figures Howdah's summary shows (latencies move with the clock: not compared). */
function sameSummary(ours: QueuesSummary, ruby: RubySummarySeen): boolean {
  const t = ours.totals;
  const sizes = (rows: [string, number][]) => JSON.stringify([...rows].sort(([a], [b]) => (a < b ? -1 : 1)));
  return (
    t.enqueued === ruby.enqueued &&
    t.scheduled === ruby.scheduled &&
    t.retries === ruby.retries &&
    t.dead === ruby.dead &&
    t.processesListed === ruby.processes &&
    t.processesAlive === ruby.alive.length &&
    t.busy === ruby.busy &&
    t.busy === ruby.running.length &&
    t.processed === ruby.processed &&
    t.failed === ruby.failed &&
    sizes(ours.queues.map((q) => [q.name, q.size ?? -1])) === sizes(ruby.queues.map(([n, s]) => [n, s]))
  );
}
