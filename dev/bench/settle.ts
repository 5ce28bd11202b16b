import pg from "pg";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import type { ServerContext } from "@/lib/server/context";
import { runIncremental } from "@/lib/storage/incremental";
import { runReconcile } from "@/lib/storage/reconcile";
import { BENCH } from "./large-instance";

/**
 * Brings the large instance to the state a live one is in between bursts of
 * work, so timings measure Howdah and not the leftovers of the bench itself.
 */

/**
 * VACUUM (ANALYZE) the given tables, or the whole database: what autovacuum
 * does on a live instance soon after bulk writes. Without it, a table the
 * bench just filled or rewrote has no statistics and its dead rows are read
 * again by every query. The machines this is built on run PostgreSQL with
 * `autovacuum = off`, so nothing else would do it. Its own connection: a
 * full-database pass can outlast the statement timeout of Howdah's pools.
 */
export async function vacuumAnalyze(
  tables: string[] = [],
  connectionString: string = BENCH.connectionString,
): Promise<void> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    await client.query(`VACUUM (ANALYZE) ${tables.join(", ")}`);
  } finally {
    await client.end();
  }
}

/** Runs the relay traffic rollup until it reaches the present; the first run on an instance backfills 90 days. */
export async function catchUpRelayRollup(
  context: ServerContext,
  log: (line: string) => void,
): Promise<{ statuses: number; ms: number }> {
  let statuses = 0;
  let ms = 0;
  for (let i = 0; i < 500; i++) {
    const run = await rollupRelayTraffic(context, { budgetMs: 60_000 });
    if (run.skipped) {
      log("relays: another process is running the rollup on this instance; waiting…");
      await new Promise((r) => setTimeout(r, 10_000));
      continue;
    }
    statuses += run.statuses;
    ms += run.ms;
    if (run.caughtUp) return { statuses, ms };
    log(
      `relays: rollup counted up to ${new Date(run.countedToMs).toISOString()} ` +
        `(${statuses.toLocaleString("en")} statuses so far)`,
    );
  }
  throw new Error("the relay traffic rollup did not catch up");
}

/**
 * Leaves the worker nothing to catch up: storage counted (today's full pass
 * done, new rows picked up) and relay traffic rolled up to now, then the
 * rollup tables vacuumed. A worker started afterwards is in its steady state.
 */
export async function catchUpRollups(
  context: ServerContext,
  log: (line: string) => void,
  connectionString: string = BENCH.connectionString,
): Promise<void> {
  await runReconcile(context, { budgetMs: Infinity });
  await runIncremental(context);
  await catchUpRelayRollup(context, log);
  await vacuumAnalyze(HOWDAH_ROLLUP_TABLES, connectionString);
}

export const RELAY_TABLES = [
  "relay_traffic_hour_domains",
  "relay_traffic_hours",
  "relay_traffic_day_domains",
  "relay_traffic_state",
  "relay_traffic_top_domains",
  "relay_traffic_domain_ranges",
].map((t) => `howdah.${t}`);
export const STORAGE_TABLES = [
  "storage_rollup",
  "storage_totals",
  "storage_day_totals",
  "storage_domain_totals",
  "storage_domain_days",
  "storage_domain_ranking",
  "storage_sources",
  "storage_snapshots",
  "storage_services",
].map((t) => `howdah.${t}`);
const HOWDAH_ROLLUP_TABLES = [...STORAGE_TABLES, ...RELAY_TABLES];
