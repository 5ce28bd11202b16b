import pg from "pg";
import { readDossierCounts } from "@/lib/mastodon/federation/dossier-counts";
import { readDossierFacts } from "@/lib/mastodon/federation/dossier-reads";
import { BENCH } from "./large-instance";

/**
 * `npx tsx --conditions=react-server dev/bench/dossier-queries.ts [domain]`: each query of the dossier's
 * Mastodon reads timed on its own (one connection, one at a time), median of 3, on the large instance:
 * the counts (what the worker runs for a large server) and the facts the page reads live.
 */
async function main() {
  const domain = process.argv[2] ?? "mastodon.example";
  const client = new pg.Client({ connectionString: BENCH.connectionString });
  await client.connect();
  let queue: Promise<void> = Promise.resolve();
  const times = new Map<string, number[]>();
  const timed = {
    async query(sql: string, params?: unknown[]) {
      // One at a time on purpose: each figure's own cost, not its share of a shared connection.
      const turn = queue;
      let done!: () => void;
      queue = new Promise<void>((resolve) => (done = resolve));
      await turn;
      const started = performance.now();
      const result = await client.query(sql, params).finally(done);
      const key = sql.replace(/\s+/g, " ").slice(0, 130);
      times.set(key, [...(times.get(key) ?? []), performance.now() - started]);
      return result;
    },
  } as unknown as pg.Client;
  for (let i = 0; i < 3; i++) {
    await readDossierCounts(timed, domain);
    await readDossierFacts(timed, domain);
  }
  for (const [key, runs] of times) {
    runs.sort((a, b) => a - b);
    console.log(`${String(Math.round(runs[1]!)).padStart(6)} ms  ${key}`);
  }
  const { loadavg } = await import("node:os");
  console.log(
    `load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await client.end();
}

void main();
