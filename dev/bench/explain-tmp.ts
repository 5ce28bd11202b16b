import { rawConnections } from "@/dev/testing/raw-connections";
import { contextFor } from "./page-times-driver";
import { insertArrivals, removeArrivals } from "./relays-suite";
import { readFileSync } from "node:fs";

async function main() {
  const context = contextFor("howdah_bench_incr");
  await context.store();
  await removeArrivals(context);
  await insertArrivals(context);
  const db = await rawConnections(context).db.connect();
  if (process.env.NOJIT) await db.query("SET jit = off");
  const sql = readFileSync(process.argv[2]!, "utf8");
  const from = BigInt(Math.floor(Date.now() / 3600000) * 3600000) << 16n;
  const to = BigInt(Date.now() + 1000) << 16n;
  await db.query("ANALYZE statuses");
  for (let i = 0; i < 2; i++) {
    const t = performance.now();
    const { rows } = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, [from.toString(), to.toString()]);
    if (i === 1) console.log(rows.map((r) => r["QUERY PLAN"]).join("\n"));
    console.log(`took ${Math.round(performance.now() - t)} ms`);
  }
  db.release();
  await removeArrivals(context);
  await context.close();
}
void main();
