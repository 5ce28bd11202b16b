import { rawConnections } from "@/dev/testing/raw-connections";
import { getDomainDossier } from "@/lib/federation/dossier";
import { rollupDomainCounts } from "@/lib/federation/domain-counts";
import { previewBlockChange } from "@/lib/federation/impact";
import { previewImport } from "@/lib/federation/import/preview";
import { runBatch, startBatch } from "@/lib/federation/import/run";
import { figure, percentile, timeMany, type Figure } from "./figures";
import type { BenchSuite } from "./suites";

/**
 * Defederation on the large instance (issue 12 point 10), with 5,000 blocks
 * already in place: the preview of a 20,000-row import against computing
 * each row's impact one by one (the form's preview, measured on a sample and
 * scaled), applying a whole 20,000-row import (a page of rows per Mastodon
 * transaction, each row's block, log row and job as the form leaves them), and the
 * dossier of the busiest remote server (after the worker's count of the
 * largest servers, which the page reads). Everything it adds is removed after.
 */
const EXISTING = 5_000;
const IMPORT_ROWS = 20_000;
const NAIVE_SAMPLE = 30;
const EXISTING_SUFFIX = "blocked.fdos-bench.test";
const IMPORT_SUFFIX = "import.fdos-bench.test";
const ACTOR = { staff: { accountId: "1", acct: "bench" }, ip: null };
const SEVERITIES = ["suspend", "silence", "noop"] as const;

function importCsv(rows: number, realDomains: string[], tag: string): Buffer {
  const lines = ["#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate"];
  for (let i = 0; i < rows; i++) {
    const severity = SEVERITIES[i % 3]!;
    let domain: string;
    if (i % 10 === 1)
      domain = `b${i % EXISTING}.${EXISTING_SUFFIX}`; // stricter, looser or unchanged
    else if (i % 10 === 2)
      domain = `sub${i}.b${i % EXISTING}.${EXISTING_SUFFIX}`; // under an existing block
    else if (i % 10 === 3 && realDomains.length)
      domain = realDomains[i % realDomains.length]!; // has follows
    else if (i % 500 === 4) domain = `not a domain ${i}`;
    else domain = `n${i}.${tag}.${IMPORT_SUFFIX}`;
    lines.push(`${domain},${severity},${i % 7 === 0},false,bench,false`);
  }
  return Buffer.from(lines.join("\n"));
}

/** Names the step a failure came from (a statement timeout says nothing of where it was). */
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    throw new Error(`${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

export const federationSuite: BenchSuite = {
  name: "federation",
  async run({ context, log }) {
    const db = rawConnections(context).db;
    const redis = rawConnections(context).sidekiqRedis;
    const store = await context.store();
    const cleanup = async () => {
      const like = [`%.${EXISTING_SUFFIX}`, `%.${IMPORT_SUFFIX}`];
      await db.query(
        `DELETE FROM admin_action_logs
          WHERE target_type = 'DomainBlock' AND (human_identifier LIKE $1 OR human_identifier LIKE $2)`,
        like,
      );
      await db.query("DELETE FROM domain_blocks WHERE domain LIKE $1 OR domain LIKE $2", like);
      await store.pool.query("DELETE FROM howdah.block_batches WHERE source_ref LIKE 'fdos-bench%'");
    };
    await step("cleanup", cleanup);
    const queuedBefore = await redis.llen("queue:default");

    // Real remote servers not blocked yet (their follows make rows that sever): the busiest first, grouped before
    // the block check so it compares hundreds of domains, not every account, with the blocks.
    const { rows: real } = await db.query<{ domain: string }>(
      `WITH d AS (SELECT domain, count(*) AS n FROM accounts WHERE domain IS NOT NULL
                   GROUP BY domain ORDER BY count(*) DESC LIMIT 400)
       SELECT d.domain FROM d WHERE NOT EXISTS (
         SELECT 1 FROM domain_blocks b WHERE d.domain = b.domain OR d.domain LIKE '%.' || b.domain)
       ORDER BY d.n DESC LIMIT 300`,
    );
    // 5,000 existing blocks, written directly (their history is not what is measured).
    await step("existing blocks", () =>
      db.query(
        `INSERT INTO domain_blocks (domain, severity, reject_media, reject_reports, obfuscate, created_at, updated_at)
       SELECT 'b' || i || '.' || $1, i % 3, i % 5 = 0, false, false, now() - interval '1 day', now() - interval '1 day'
         FROM generate_series(0, $2 - 1) i`,
        [EXISTING_SUFFIX, EXISTING],
      ),
    );
    const realDomains = real.map((r) => r.domain);
    const figures: Figure[] = [];
    try {
      // The preview of 20,000 rows, three times (each keeps a pending batch, removed at the end).
      const file = importCsv(IMPORT_ROWS, realDomains, "p");
      const previews = await step("preview", () =>
        timeMany(3, () => previewImport(context, ACTOR, { name: "fdos-bench-preview.csv", content: file })),
      );
      const previewMs = percentile(previews, 50);

      // The naive way: the form's impact preview, row by row, on a sample, scaled to the file.
      const sample = file
        .toString()
        .split("\n")
        .slice(1)
        .filter((_, i) => i % Math.floor(IMPORT_ROWS / NAIVE_SAMPLE) === 0)
        .slice(0, NAIVE_SAMPLE)
        .map((l) => l.split(","))
        .filter(([d]) => !d!.includes(" "));
      const started = performance.now();
      log(`federation: naive preview of ${sample.length} rows…`);
      for (const [domain, severity] of sample) {
        await previewBlockChange(context, {
          kind: "create",
          domain: domain!,
          severity: severity as (typeof SEVERITIES)[number],
          rejectMedia: false,
          rejectReports: false,
        });
      }
      const naiveMs = ((performance.now() - started) / sample.length) * IMPORT_ROWS;
      log(
        `federation: preview of ${IMPORT_ROWS} rows ${Math.round(previewMs)} ms; row by row ~${Math.round(naiveMs)} ms`,
      );
      figures.push(
        figure(
          `import preview, ${IMPORT_ROWS} rows, ${EXISTING} blocks (median of 3)`,
          previewMs,
          "ms",
          { max: 5000 },
          naiveMs,
        ),
      );

      // Applying a whole 20,000-row import (every page one Mastodon transaction: its rows, log rows and jobs, as
      // the form's writes leave them). Its domains are all under the bench's suffixes, so the cleanup removes them.
      const full = await previewImport(context, ACTOR, {
        name: "fdos-bench-apply.csv",
        content: importCsv(IMPORT_ROWS, [], "a"),
      });
      log(`federation: applying ${IMPORT_ROWS} rows…`);
      await startBatch(context, full.batchId, "apply");
      const applyStarted = performance.now();
      await runBatch(context, full.batchId, "apply");
      const applyMs = performance.now() - applyStarted;
      const { rows: done } = await store.pool.query<{ applied: number; failed: number }>(
        "SELECT applied, failed FROM howdah.block_batches WHERE id = $1",
        [full.batchId],
      );
      log(`federation: applied ${done[0]!.applied} rows (${done[0]!.failed} refused) in ${Math.round(applyMs)} ms`);
      figures.push(
        figure(`import apply, ${IMPORT_ROWS}-row file (${done[0]!.applied} rows chosen)`, applyMs / 1000, "s", {
          max: 30,
        }),
      );

      // The dossier of the busiest remote server (most accounts).
      const { rows: busiest } = await db.query<{ domain: string }>(
        "SELECT domain FROM accounts WHERE domain IS NOT NULL GROUP BY domain ORDER BY count(*) DESC LIMIT 1",
      );
      const domain = busiest[0]!.domain;
      // The worker keeps the counts of the busiest servers (every 15 minutes on a live instance): run it once.
      const rollupStarted = performance.now();
      const rolled = await step("domain counts rollup", () => rollupDomainCounts(context));
      const rollupMs = performance.now() - rollupStarted;
      log(`federation: counted ${rolled.domains} large servers in ${Math.round(rollupMs)} ms`);
      figures.push(figure(`worker count of the ${rolled.domains} largest servers`, rollupMs, "ms", null));
      const first = await getDomainDossier(context, domain, { canManage: true });
      if (!first.countedAt) throw new Error(`the dossier of ${domain} did not read the worker's counts`);
      const dossier = await timeMany(10, () => getDomainDossier(context, domain, { canManage: true }));
      log(`federation: dossier of ${domain}: median ${Math.round(percentile(dossier, 50))} ms`);
      figures.push(
        figure(`dossier of the busiest server (${domain}), median of 10`, percentile(dossier, 50), "ms", { max: 100 }),
      );
      figures.push(figure("dossier of the busiest server, p95", percentile(dossier, 95), "ms", null));
    } finally {
      await cleanup();
      // The jobs the writes enqueued went to the head of the queue (LPUSH): drop exactly those.
      const added = (await redis.llen("queue:default")) - queuedBefore;
      if (added > 0) await redis.ltrim("queue:default", added, -1);
    }
    return figures;
  },
};
