import { loadavg } from "node:os";
import { rawConnections } from "@/dev/testing/raw-connections";
import { BENCH_OWNER } from "./bench-staff";
import type { ServerContext } from "@/lib/server/context";
import { formatPhases, type PhaseTimes } from "@/lib/shared/phase-times";
import { runIncremental } from "@/lib/storage/incremental";
import { getStoragePage } from "@/lib/storage/page-data";
import { runReconcile } from "@/lib/storage/reconcile";
import { figure, percentile, timeMany } from "./figures";
import { STORAGE_TABLES, vacuumAnalyze } from "./settle";
import type { BenchSuite } from "./suites";

/**
 * Media storage on the large instance (≥ 2M media attachments, 200k
 * accounts): the first backfill (time, peak memory), the Storage page's
 * server time against the full-scan SQL of `tootctl media usage`, an
 * incremental run after 10,000 new media rows (target 1 s, issue 16; printed
 * with the load and each phase's time), and the daily reconcile.
 * The rollup totals are checked against tootctl's before any timing counts.
 */
const NEW_ROWS = 10_000;
const MARK = "howdah-bench-new-";

async function withPeakMemory<T>(
  run: () => Promise<T>,
): Promise<{ result: T; ms: number; peakRssMb: number; peakHeapMb: number; baseRssMb: number }> {
  const mb = (n: number) => n / 1024 / 1024;
  const base = process.memoryUsage();
  let peakRss = base.rss;
  let peakHeap = base.heapUsed;
  const timer = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 25);
  const started = performance.now();
  try {
    const result = await run();
    return {
      result,
      ms: performance.now() - started,
      peakRssMb: mb(peakRss),
      peakHeapMb: mb(peakHeap - base.heapUsed),
      baseRssMb: mb(base.rss),
    };
  } finally {
    clearInterval(timer);
  }
}

async function checkAgainstTootctl(context: ServerContext): Promise<void> {
  const [page, tootctl] = await Promise.all([
    getStoragePage(context, BENCH_OWNER, "30d"),
    context.mastodon.media.tootctlUsage(),
  ]);
  const total = tootctl.reduce((a, r) => a + r.total, 0);
  if (page.media.total !== total)
    throw new Error(`storage rollups (${page.media.total}) differ from tootctl media usage (${total})`);
}

/** 10,000 media rows arriving now (one in five local), on the 20,000 newest accounts; marked by MARK. */
export async function insertNewMedia(context: ServerContext): Promise<void> {
  await rawConnections(context).db.query(
    `INSERT INTO media_attachments (id, account_id, type, remote_url, file_file_name, file_content_type,
                                   file_file_size, file_updated_at, created_at, updated_at)
     SELECT (((extract(epoch FROM now()) * 1000)::bigint - 10000 + g) << 16) + (g % 65536),
            a.ids[1 + g % array_length(a.ids, 1)], 0,
            CASE WHEN g % 5 = 0 THEN '' ELSE 'https://files.example/m/' || g END, $1 || g || '.jpg', 'image/jpeg', 50000 + g * 7,
            now(), now(), now()
       FROM generate_series(1, $2::int) g,
            (SELECT array_agg(id) AS ids
               FROM (SELECT id FROM accounts WHERE id > 0 ORDER BY id DESC LIMIT 20000) s) a`,
    [MARK, NEW_ROWS],
  );
}

export async function removeNewMedia(context: ServerContext): Promise<void> {
  await rawConnections(context).db.query("DELETE FROM media_attachments WHERE file_file_name LIKE $1", [`${MARK}%`]);
}

export const storageSuite: BenchSuite = {
  name: "storage",
  async run({ context, log }) {
    const store = await context.store();
    const db = rawConnections(context).db;
    const { rows: sizes } = await db.query<{ media: string; accounts: string }>(
      "SELECT (SELECT count(*) FROM media_attachments)::text AS media, " +
        "(SELECT count(*) FROM accounts)::text AS accounts",
    );
    log(`storage: ${sizes[0]!.media} media attachments, ${sizes[0]!.accounts} accounts`);
    await db.query("DELETE FROM media_attachments WHERE file_file_name LIKE $1", [`${MARK}%`]);
    await store.pool.query(`TRUNCATE ${STORAGE_TABLES.join(", ")}`);

    log("storage: first backfill…");
    const backfill = await withPeakMemory(() =>
      runReconcile(context, { budgetMs: Infinity, incremental: { marginMs: 0 } }),
    );
    await checkAgainstTootctl(context);
    log(`storage: backfill ${Math.round(backfill.ms)} ms; totals equal tootctl media usage`);
    await vacuumAnalyze(STORAGE_TABLES); // as autovacuum would soon after a backfill

    log("storage: page server time…");
    await getStoragePage(context, BENCH_OWNER, "30d");
    const page = await timeMany(100, () => getStoragePage(context, BENCH_OWNER, "30d"));
    const page1y = await timeMany(30, () => getStoragePage(context, BENCH_OWNER, "1y"));
    const naive = await timeMany(3, () => context.mastodon.media.tootctlUsage());

    log(`storage: ${NEW_ROWS} new media rows, then an incremental run…`);
    await insertNewMedia(context);
    const before = (await getStoragePage(context, BENCH_OWNER, "7d")).media.total;
    const phases: PhaseTimes = {};
    const incremental = await timeMany(1, () => runIncremental(context, { marginMs: 0, phases }));
    const incrementalLoad = loadavg()[0]!;
    log(
      `storage: incremental run after ${NEW_ROWS} new rows ${Math.round(incremental[0]!)} ms ` +
        `(target <= 1000 ms, load ${incrementalLoad.toFixed(2)}): ${formatPhases(phases)}`,
    );
    const added = (await getStoragePage(context, BENCH_OWNER, "7d")).media.total - before;
    const { rows: expected } = await db.query<{ n: string }>(
      "SELECT sum(file_file_size)::text AS n FROM media_attachments WHERE file_file_name LIKE $1",
      [`${MARK}%`],
    );
    if (added !== Number(expected[0]!.n))
      throw new Error(`the incremental run added ${added} bytes, expected ${expected[0]!.n}`);
    const idle = await timeMany(5, () => runIncremental(context, { marginMs: 0 }));

    log("storage: removing the new rows; the daily reconcile…");
    await db.query("DELETE FROM media_attachments WHERE file_file_name LIKE $1", [`${MARK}%`]);
    const reconcile = await timeMany(1, () =>
      runReconcile(context, { budgetMs: Infinity, force: true, incremental: { marginMs: 0 } }),
    );
    await checkAgainstTootctl(context);

    const naiveP50 = percentile(naive, 50);
    return [
      figure("storage first backfill (all media, accounts, emoji, cards)", backfill.ms / 1000, "s", null),
      figure("storage first backfill peak RSS (bench process)", backfill.peakRssMb, "MB", null),
      figure("bench process RSS before the backfill", backfill.baseRssMb, "MB", null),
      figure("storage first backfill peak heap growth", backfill.peakHeapMb, "MB", null),
      figure("storage page server time p95 (30 d)", percentile(page, 95), "ms", { max: 100 }, naiveP50),
      figure("storage page server time p50 (30 d)", percentile(page, 50), "ms", null, naiveP50),
      figure("storage page server time p95 (1 y)", percentile(page1y, 95), "ms", { max: 100 }, naiveP50),
      figure("tootctl media usage full-scan SQL p50 (naive)", naiveP50, "ms", null),
      {
        ...figure(
          `storage incremental run after ${NEW_ROWS} new media rows`,
          incremental[0]!,
          "ms",
          { max: 1000 },
          naiveP50,
        ),
        note: `load ${incrementalLoad.toFixed(2)}; ${formatPhases(phases)}`,
      },
      figure("storage incremental run with nothing new p50", percentile(idle, 50), "ms", null),
      figure("storage daily reconcile (full pass, chunked)", reconcile[0]! / 1000, "s", null),
    ];
  },
};
