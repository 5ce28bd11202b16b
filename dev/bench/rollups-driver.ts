import { loadavg } from "node:os";
import pg from "pg";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { runIncremental } from "@/lib/storage/incremental";
import { runReconcile } from "@/lib/storage/reconcile";
import { sampleServices, writeSnapshot } from "@/lib/storage/snapshots";
import { refreshRelayTopDomains } from "@/lib/store/relay-traffic";
import { contextFor } from "./page-times-driver";
import { insertArrivals, removeArrivals } from "./relays-suite";
import { insertNewMedia, removeNewMedia } from "./storage-suite";

/**
 * `npx tsx --conditions=react-server dev/bench/rollups-driver.ts <database> catch-up|relays|storage`:
 * on a copy of a bench instance (it writes), either catches the storage and relay rollups up, or times one
 * incremental run after the relays suite's 50,000 arrivals / the storage suite's 10,000 media rows (see
 * relays-suite.ts and storage-suite.ts, whose insertions it reuses), printing each phase with the load.
 */
const load = () => `load ${loadavg()[0]!.toFixed(2)}`;

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
  if (what === "relays") {
    await removeArrivals(context);
    await rollupRelayTraffic(context);
    const store = await context.store();
    for (let round = 0; round < 3; round++) {
      await insertArrivals(context);
      const started = performance.now();
      const run = await rollupRelayTraffic(context);
      const ms = performance.now() - started;
      const t1 = performance.now();
      await refreshRelayTopDomains(store, Date.now());
      const top = performance.now() - t1;
      console.log(
        `relays incremental after 50k: ${Math.round(ms)} ms (${run.statuses} statuses, ${run.hours} h); ` +
          `top-domain refresh alone ${Math.round(top)} ms; ${load()}`,
      );
      await removeArrivals(context);
      await rollupRelayTraffic(context);
    }
  }
  if (what === "storage") {
    await removeNewMedia(context);
    await runIncremental(context, { marginMs: 0 });
    const store = await context.store();
    for (let round = 0; round < 3; round++) {
      // The new rows' ids span the 10 s before the insert: wait until the last run's mark is older than that.
      await new Promise((r) => setTimeout(r, 11_000));
      await insertNewMedia(context);
      const started = performance.now();
      const r = await runIncremental(context, { marginMs: 0 });
      console.log(
        `storage incremental after 10k: ${Math.round(performance.now() - started)} ms ${JSON.stringify(r)}; ${load()}`,
      );
      const t1 = performance.now();
      await sampleServices(context, store);
      const t2 = performance.now();
      await writeSnapshot(store);
      const t3 = performance.now();
      await context.mastodon.media.presentSources();
      const t4 = performance.now();
      const idle = await runIncremental(context, { marginMs: 0 });
      const t5 = performance.now();
      console.log(
        `  of which: service sizes ${Math.round(t2 - t1)} ms, snapshot ${Math.round(t3 - t2)} ms, ` +
          `sources ${Math.round(t4 - t3)} ms; a run with nothing new ${Math.round(t5 - t4)} ms ${JSON.stringify(idle)}`,
      );
    }
    // The rows counted stay in the copy's rollups (a reconcile would take minutes); the copy is thrown away.
    await removeNewMedia(context);
  }
  await context.close();
}

void main();
