import { loadavg } from "node:os";
import pg from "pg";
import { rollupRelayTraffic } from "@/lib/relays/rollup";
import { runIncremental } from "@/lib/storage/incremental";
import { runReconcile } from "@/lib/storage/reconcile";
import { contextFor } from "./page-times-driver";

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
  await context.close();
}

void main();
