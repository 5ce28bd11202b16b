import { loadavg } from "node:os";
import pg from "pg";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { runIncremental } from "@/lib/storage/incremental";
import { runReconcile } from "@/lib/storage/reconcile";
import { formatPhases, type PhaseTimes } from "@/lib/shared/phase-times";
import { contextFor } from "./page-times-driver";
import { RELAY_TABLES, STORAGE_TABLES } from "./settle";
import { insertArrivals, removeArrivals } from "./relays-suite";
import { insertNewMedia, removeNewMedia } from "./storage-suite";

/**
 * `npx tsx --conditions=react-server dev/bench/rollups-driver.ts <database> catch-up|relays|storage`:
 * on a copy of a bench instance (it writes), either catches the storage and relay rollups up, or times one
 * incremental run after the relays suite's 50,000 arrivals / the storage suite's 10,000 media rows (see
 * relays-suite.ts and storage-suite.ts, whose insertions it reuses), printing each phase with the load.
 */
const load = () =>
  `load ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`;

async function main() {
  const [database = "howdah_s16_bench", what = "catch-up"] = process.argv.slice(2);
  const context = contextFor(database);
  await context.store();
  const t0 = performance.now();
  if (what === "catch-up") {
    const r = await runReconcile(context, { budgetMs: Infinity, incremental: { marginMs: 0 } });
    console.log(`storage backfill ${JSON.stringify(r)} ${Math.round(performance.now() - t0)} ms ${load()}`);
    for (let i = 0; i < 500; i++) {
      const run = await rollupRelayTraffic(context, { budgetMs: 60_000 });
      console.log(`relays ${run.statuses} statuses, caught up ${run.caughtUp}, ${run.ms} ms ${load()}`);
      if (run.caughtUp) break;
    }
    const client = new pg.Client({ connectionString: `postgresql://postgres@127.0.0.1:5432/${database}` });
    await client.connect();
    await client.query("VACUUM (ANALYZE)");
    await client.end();
  }
  if (what === "relays" || what === "storage") {
    const store = await context.store();
    // Autovacuum is off on the bench's server: vacuum the rollups' own tables before each timed run, as
    // autovacuum would between a busy instance's runs (the previous rounds' updates leave dead rows behind).
    const settle = async () => {
      const t = performance.now();
      await store.pool.query(`VACUUM (ANALYZE) ${(what === "relays" ? RELAY_TABLES : STORAGE_TABLES).join(", ")}`);
      return `rollup tables vacuumed in ${Math.round(performance.now() - t)} ms`;
    };
    const rounds = Number(process.argv[4] ?? 3);
    const totals: number[] = [];
    if (what === "relays") {
      await removeArrivals(context);
      await rollupRelayTraffic(context);
      for (let round = 0; round < rounds; round++) {
        await insertArrivals(context);
        const settled = await settle();
        const phases: PhaseTimes = {};
        const started = performance.now();
        const run = await rollupRelayTraffic(context, { phases });
        const ms = performance.now() - started;
        totals.push(ms);
        console.log(
          `relays incremental after 50k: ${Math.round(ms)} ms (${run.statuses} statuses, ${run.hours} h), ` +
            `${load()}\n  ${formatPhases(phases)} (${settled})`,
        );
        await removeArrivals(context);
        await rollupRelayTraffic(context);
      }
    } else {
      await removeNewMedia(context);
      await runIncremental(context, { marginMs: 0 });
      for (let round = 0; round < rounds; round++) {
        // The new rows' ids span the 10 s before the insert: wait until the last run's mark is older than that.
        await new Promise((r) => setTimeout(r, 11_000));
        await insertNewMedia(context);
        const settled = await settle();
        const phases: PhaseTimes = {};
        const started = performance.now();
        const r = await runIncremental(context, { marginMs: 0, phases });
        const ms = performance.now() - started;
        const counted = JSON.stringify("counted" in r ? r.counted : r);
        totals.push(ms);
        console.log(
          `storage incremental after 10k: ${Math.round(ms)} ms (${counted}), ${load()}\n` +
            `  ${formatPhases(phases)} (${settled})`,
        );
        const idle: PhaseTimes = {};
        const t0 = performance.now();
        await runIncremental(context, { marginMs: 0, phases: idle });
        console.log(`  then a run with nothing new ${Math.round(performance.now() - t0)} ms: ${formatPhases(idle)}`);
      }
      // The rows counted stay in the copy's rollups (a reconcile would take minutes); the copy is thrown away.
      await removeNewMedia(context);
    }
    const sorted = [...totals].sort((x, y) => x - y);
    console.log(
      `${what} incremental: median ${Math.round(sorted[Math.floor(sorted.length / 2)]!)} ms of ${rounds} ` +
        `(target <= 1000 ms), ${load()}`,
    );
  }
  await context.close();
}

void main();
