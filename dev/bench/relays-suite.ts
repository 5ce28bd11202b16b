import { loadavg } from "node:os";
import { rawConnections } from "@/dev/testing/raw-connections";
import { HOUR_MS, msOfId } from "@/lib/mastodon/relays/traffic-sql";
import { listRelays } from "@/lib/relays/list";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { getRelayTraffic } from "@/lib/relays/traffic";
import type { ServerContext } from "@/lib/server/context";
import { formatPhases, type PhaseTimes } from "@/lib/shared/phase-times";
import { figure, percentile, timeMany, type Figure } from "./figures";
import { catchUpRelayRollup, RELAY_TABLES, vacuumAnalyze } from "./settle";
import type { BenchSuite } from "./suites";

/**
 * Relays on the large instance (≥ 5M statuses):
 * - the traffic page's server time (the relays list and 14 days of hourly
 *   figures from the rollups), against computing the same hourly figures
 *   directly from statuses, measured in the same run;
 * - one incremental rollup run after 50,000 statuses arrive (target 1 s;
 *   printed with the load and each phase's time). The statuses
 *   are inserted for the run and deleted afterwards (and their hours counted
 *   again), so the instance stays reusable.
 * The rollups live in howdah_bench's own howdah schema: the first run
 * backfills 90 days once, later runs only catch up.
 */
const ARRIVALS = 50_000;
const MARK = "https://bench-relays.invalid/";
const DAY_MS = 86_400_000;

export const relaysSuite: BenchSuite = {
  name: "relays",
  async run({ context, log }) {
    const figures: Figure[] = [];
    await removeArrivals(context); // left over by an interrupted run
    log("relays: catching the traffic rollup up (a first run backfills 90 days)…");
    const catchUp = await catchUpRelayRollup(context, log);
    await vacuumAnalyze(RELAY_TABLES); // as autovacuum would soon after a backfill
    if (catchUp.statuses > 1_000_000) {
      figures.push(
        figure("relay rollup backfill throughput", catchUp.statuses / (catchUp.ms / 1000), "statuses/s", null),
      );
    }

    // Anchor the 14 days at the newest status, so the range is full however long ago the instance was built.
    const { rows } = await rawConnections(context).readDb.query<{ id: string }>(
      "SELECT max(id)::text AS id FROM statuses",
    );
    const anchor = msOfId(rows[0]!.id) + 60_000;
    log("relays: traffic page server time…");
    const page = () => Promise.all([listRelays(context), getRelayTraffic(context, "14d", anchor)]);
    await page();
    const ours = await timeMany(50, page);
    log("relays: the same hourly figures computed from statuses (naive)…");
    const from = Math.floor(anchor / HOUR_MS) * HOUR_MS - (14 * 24 - 1) * HOUR_MS;
    const naive = await timeMany(2, async () => {
      // Day by day, so each statement stays under the statement timeout.
      for (let t = from; t < anchor; t += DAY_MS)
        await context.mastodon.relays.countTraffic(t, Math.min(anchor, t + DAY_MS));
    });
    figures.push(
      figure("relays traffic page server time p95", percentile(ours, 95), "ms", { max: 100 }, percentile(naive, 50)),
    );
    figures.push(
      figure("relays traffic page server time p50", percentile(ours, 50), "ms", null, percentile(naive, 50)),
    );

    log(`relays: incremental rollup after ${ARRIVALS.toLocaleString("en")} new statuses…`);
    await insertArrivals(context);
    try {
      const phases: PhaseTimes = {};
      const started = performance.now();
      const run = await rollupRelayTraffic(context, { phases });
      const ms = performance.now() - started;
      const load = loadavg()[0]!;
      log(
        `relays: incremental run read ${run.statuses.toLocaleString("en")} statuses ` +
          `over ${run.hours} hours in ${Math.round(ms)} ms (target <= 1000 ms, load ${load.toFixed(2)}): ` +
          formatPhases(phases),
      );
      if (run.statuses < ARRIVALS)
        throw new Error(`the incremental run read ${run.statuses} statuses, fewer than the ${ARRIVALS} that arrived`);
      figures.push({
        ...figure(`relays incremental rollup after ${ARRIVALS / 1000}k new statuses`, ms, "ms", { max: 1000 }),
        note: `load ${load.toFixed(2)}; ${formatPhases(phases)}`,
      });
    } finally {
      await removeArrivals(context);
      await rollupRelayTraffic(context);
    }
    return figures;
  },
};

/**
 * 50,000 remote posts arriving over the last few minutes, as pushed posts get
 * their ids (arrival time): random remote authors, followed or not, one in
 * ten with an attachment, one in fifty mentioning a local account.
 */
export async function insertArrivals(context: ServerContext): Promise<void> {
  const db = rawConnections(context).db;
  const now = Date.now();
  await db.query(
    `WITH authors AS (
       SELECT id, row_number() OVER (ORDER BY id) AS k
         FROM (SELECT id FROM accounts WHERE domain IS NOT NULL ORDER BY id LIMIT 20000) a),
     n AS (SELECT g AS n, ((($1::bigint - ($2::bigint - g) * 5) << 16) | (g & 65535)) AS id
             FROM generate_series(0, $2::bigint - 1) g),
     ins AS (
       INSERT INTO statuses (id, uri, account_id, local, created_at, updated_at)
       SELECT n.id, '${MARK}' || n.id, a.id, false, now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
         FROM n JOIN authors a ON a.k = 1 + (n.n * 7919) % (SELECT count(*) FROM authors)
       RETURNING id, account_id)
     SELECT count(*) FROM ins`,
    [now, ARRIVALS],
  );
  await db.query(
    `INSERT INTO media_attachments
       (status_id, account_id, file_file_size, thumbnail_file_size, remote_url, created_at, updated_at)
     SELECT id, account_id, 200000 + (id % 800000), 20000, '${MARK}media',
            now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC'
       FROM statuses WHERE uri LIKE '${MARK}%' AND id % 10 = 0`,
  );
  await db.query(
    `INSERT INTO mentions (status_id, account_id, silent, created_at, updated_at)
     SELECT s.id, (SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id OFFSET (s.id % 50) LIMIT 1),
            false, now(), now()
       FROM statuses s WHERE s.uri LIKE '${MARK}%' AND s.id % 50 = 1`,
  );
}

export async function removeArrivals(context: ServerContext): Promise<void> {
  const db = rawConnections(context).db;
  const since = (BigInt(Date.now() - 7 * DAY_MS) << 16n).toString();
  // Scoped by id (the primary key) first: the marker alone would scan 5M rows.
  const ids = `SELECT id FROM statuses WHERE id > ${since} AND uri LIKE '${MARK}%'`;
  await db.query(`DELETE FROM media_attachments WHERE status_id IN (${ids})`);
  await db.query(`DELETE FROM mentions WHERE status_id IN (${ids})`);
  await db.query(`DELETE FROM statuses WHERE id IN (${ids})`);
}
