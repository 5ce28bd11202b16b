import { execFileSync } from "node:child_process";
import { loadavg } from "node:os";
import { Redis } from "ioredis";
import pg from "pg";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { readSidekiqSnapshot } from "@/lib/mastodon/sidekiq/snapshot";
import { percentile, timeMany } from "./figures";
import { clearBenchSidekiq, populateBenchSidekiq } from "./queues-populate";

/**
 * Howdah's Redis reading of the queue summary against Sidekiq 6.4's own Ruby
 * API on the same 1M-job Redis (6.5 format, what Sidekiq 6 reads), three runs.
 *   npx tsx --conditions=react-server dev/bench/queues-anchor-driver.ts PORT
 */
const port = Number(process.argv[2] ?? 6395);
const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
async function main() {
  const redis = new Redis({ port, db: 0 });
  const db = new pg.Pool({ connectionString: "postgres://postgres@127.0.0.1:5432/howdah_bench", max: 1 });
  const keys = sidekiqKeys("");
  await populateBenchSidekiq(redis, db, "6.5", () => {});
  const check = await readSidekiqSnapshot(redis, { keys, format: "6.5" });
  console.log("snapshot sees", JSON.stringify(check).slice(0, 300));
  try {
    for (let run = 1; run <= 3; run++) {
      await timeMany(50, () => readSidekiqSnapshot(redis, { keys, format: "6.5" }));
      const ours = await timeMany(1000, () => readSidekiqSnapshot(redis, { keys, format: "6.5" }));
      const oursLoad = load();
      const out = execFileSync("ruby", ["dev/bench/sidekiq-ruby-anchor.rb", "1000"], {
        env: { ...process.env, REDIS_URL: `redis://127.0.0.1:${port}/0` },
        maxBuffer: 1 << 24,
      }).toString();
      const ruby = JSON.parse(out) as { version: string; ms: number[] };
      const p = (ms: number[]) => `p50 ${percentile(ms, 50).toFixed(2)} p95 ${percentile(ms, 95).toFixed(2)} ms`;
      console.log(`run ${run}: Howdah snapshot ${p(ours)} (load ${oursLoad})`);
      console.log(`run ${run}: Sidekiq ${ruby.version} Ruby API ${p(ruby.ms)} (load ${load()})`);
    }
  } finally {
    await clearBenchSidekiq(redis, keys);
    redis.disconnect();
    await db.end();
  }
}
main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
