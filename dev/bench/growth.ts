import { loadavg } from "node:os";
import pg from "pg";
import { createMastodonDatabase } from "@/dev/fixtures/mastodon-schema/create-mastodon-database";
import { generateInstance, SCALES, type ScaleNumbers } from "@/dev/fixtures/generator";
import { loadConfig } from "@/lib/config/load-config";
import { createServerContext } from "@/lib/server/context";
import { medianOfRuns, percentile, timeMany } from "./figures";
import { BENCH, benchEnv } from "./large-instance";
import { busiestDomain, pageApis } from "./pages-suite";
import { catchUpRollups } from "./settle";

/**
 * `npm run bench -- --growth [--scales 2,5]`: the cost-growth table. Each
 * admin page's server time (p95, median of three runs of 100 calls) on the
 * demo-sized instance, the large one, and any multiples of the large one
 * asked for with --scales (built once each, like the large instance, and
 * kept: a 5× build takes the better part of an hour and tens of GB).
 * Rollups are caught up on each first, as the worker keeps them. The last
 * column is the ratio of the largest scale to the demo: a flat page is ≈ 1.
 */
const RUNS = 3;
const CALLS = 100;

interface Scale {
  label: string;
  database: string;
  recipe: string;
  numbers: ScaleNumbers;
}

/** The large scale's numbers times k (accounts, servers, posts, media), over the same 60 days. */
function multiple(k: number): ScaleNumbers {
  const large = SCALES.large;
  return {
    ...large,
    remoteAccounts: large.remoteAccounts * k,
    domains: large.domains * k,
    statuses: large.statuses * k,
    mediaAttachments: large.mediaAttachments * k,
  };
}

function scalesFor(multiples: number[], largeDatabase: string): Scale[] {
  return [
    { label: "demo", database: "howdah_bench_demo", recipe: "howdah-bench demo seed=1 v4.6", numbers: SCALES.demo },
    { label: "large", database: largeDatabase, recipe: "", numbers: SCALES.large },
    ...multiples.map((k) => ({
      label: `${k}× large`,
      database: `howdah_bench_x${k}`,
      recipe: `howdah-bench large×${k} seed=1 v4.6`,
      numbers: multiple(k),
    })),
  ];
}

const urlOf = (database: string) => BENCH.connectionString.replace(`/${BENCH.database}`, `/${database}`);

async function ensureBuilt(scale: Scale, log: (line: string) => void): Promise<void> {
  if (!scale.recipe) return; // the large instance: main.ts has built it
  const admin = new pg.Client({ connectionString: urlOf("postgres") });
  await admin.connect();
  try {
    const { rows } = await admin.query<{ comment: string | null }>(
      "SELECT shobj_description(oid, 'pg_database') AS comment FROM pg_database WHERE datname = $1",
      [scale.database],
    );
    if (rows[0]?.comment === scale.recipe) return;
    log(`growth: building the ${scale.label} instance (${scale.numbers.statuses.toLocaleString("en")} statuses)…`);
    const started = performance.now();
    const connectionString = await createMastodonDatabase({ database: scale.database, version: "4.6" });
    await generateInstance(connectionString, { version: "4.6", scale: scale.numbers, seed: 1 });
    await admin.query(`COMMENT ON DATABASE ${scale.database} IS '${scale.recipe}'`);
    log(`growth: built in ${Math.round((performance.now() - started) / 1000)} s`);
  } finally {
    await admin.end();
  }
}

/** Each page's server time p95 on one instance, with the load of each run. */
async function pageTimes(scale: Scale, log: (line: string) => void): Promise<Map<string, string>> {
  const env = benchEnv(urlOf(scale.database));
  const context = createServerContext(loadConfig(env));
  const cells = new Map<string, string>();
  try {
    await context.store();
    log(`growth: ${scale.label}: catching the rollups up…`);
    await catchUpRollups(context, log, urlOf(scale.database));
    for (const page of pageApis(context, await busiestDomain(context))) {
      await timeMany(5, page.call);
      const values: number[] = [];
      const loads: number[] = [];
      for (let run = 0; run < RUNS; run++) {
        values.push(percentile(await timeMany(CALLS, page.call), 95));
        loads.push(loadavg()[0]!);
      }
      const { median, note } = medianOfRuns(values, loads, "ms");
      log(`growth: ${scale.label}: ${page.name} p95 ${median.toFixed(2)} ms — ${note}`);
      cells.set(page.name, median.toFixed(2));
    }
  } finally {
    await context.close();
  }
  return cells;
}

/** `largeDatabase`: the large instance or a copy of it (the drivers' way, so others can copy the original). */
export async function runGrowth(
  multiples: number[],
  log: (line: string) => void,
  largeDatabase: string = BENCH.database,
): Promise<void> {
  const scales = scalesFor(multiples, largeDatabase);
  const columns: Map<string, string>[] = [];
  for (const scale of scales) {
    await ensureBuilt(scale, log);
    columns.push(await pageTimes(scale, log));
  }
  const pages = [...columns[0]!.keys()];
  const head = ["page (server time p95, ms)", ...scales.map((s) => s.label), `${scales.at(-1)!.label} / demo`];
  const rows = pages.map((page) => {
    const values = columns.map((c) => c.get(page) ?? "—");
    const ratio = Number(values.at(-1)) / Number(values[0]);
    return [page, ...values, Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—"];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(head));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
  const sizes = scales.map((s) => `${s.label}: ${s.numbers.statuses.toLocaleString("en")} statuses`).join("; ");
  console.log(`(${sizes}; load is printed with each run above)`);
}

// `npx tsx --conditions=react-server dev/bench/growth.ts [--scales 2] [--large <copy of howdah_bench>]`
if (process.argv[1]?.endsWith("growth.ts")) {
  const args = process.argv.slice(2);
  const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const multiples = (option("--scales") ?? "").split(",").filter(Boolean).map(Number);
  runGrowth(multiples, (line) => console.log(`bench: ${line}`), option("--large")).then(
    () => process.exit(0),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
