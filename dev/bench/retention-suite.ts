import { rawConnections } from "@/dev/testing/raw-connections";
import { readRolledUpWhatIf } from "@/lib/retention/what-if-rollup";
import { rollupRetention } from "@/lib/retention/what-if-rollup-run";
import { figure, percentile, timeMany } from "./figures";
import type { BenchSuite } from "./suites";

/**
 * The retention what-if on the large instance (≥ 5M statuses, 2M media):
 * its server time at the periods an admin tries first (30 days for both
 * caches, 7 for archives), against the naive query of the same figures
 * measured in the same run: every doomed post probed for each kind of local
 * interaction, media without the id range (its created_at alone). The
 * what-if is the page's: the worker's per-day rollup (caught up first, as a
 * running worker keeps it; its catch-up time is printed) plus the live count
 * of the rest (lib/retention/what-if-rollup.ts). The naive figures are
 * checked equal to Howdah's before any timing counts.
 */
const DAY = 86_400_000;
const PERIODS = { mediaDays: 30, contentDays: 30, backupsDays: 7 };

const LOCAL = "JOIN accounts la ON la.id = x.account_id AND la.domain IS NULL";
const NAIVE_STATUSES = `
  WITH doomed AS (
    SELECT s.id, s.visibility FROM statuses s JOIN accounts a ON a.id = s.account_id AND a.domain IS NOT NULL
     WHERE s.deleted_at IS NULL AND s.id < $1::bigint
  ), flags AS (
    SELECT d.id,
      EXISTS (SELECT 1 FROM favourites x ${LOCAL} WHERE x.status_id = d.id) AS fav,
      EXISTS (SELECT 1 FROM bookmarks x WHERE x.status_id = d.id) AS bookmark,
      EXISTS (SELECT 1 FROM status_pins x WHERE x.status_id = d.id) AS pin,
      EXISTS (SELECT 1 FROM statuses x ${LOCAL} WHERE x.in_reply_to_id = d.id AND x.deleted_at IS NULL) AS reply,
      EXISTS (SELECT 1 FROM statuses x ${LOCAL} WHERE x.reblog_of_id = d.id) AS boost,
      (d.visibility = 3 AND EXISTS (SELECT 1 FROM mentions x ${LOCAL} WHERE x.status_id = d.id)) AS dm
    FROM doomed d
  )
  SELECT count(*) AS total, count(*) FILTER (WHERE NOT (fav OR bookmark OR pin OR reply OR boost OR dm)) AS untouched,
         (SELECT count(*) FROM statuses x ${LOCAL} WHERE x.reblog_of_id IN (SELECT id FROM doomed)) AS cascaded
    FROM flags`;
const NAIVE_MEDIA = `
  SELECT count(*) AS files FROM media_attachments
   WHERE remote_url <> '' AND file_file_name IS NOT NULL
     AND created_at < $1::timestamptz AT TIME ZONE 'UTC' AND updated_at < $1::timestamptz AT TIME ZONE 'UTC'`;

export const retentionSuite: BenchSuite = {
  name: "retention",
  async run({ context, log }) {
    const db = rawConnections(context).db;
    const { rows: sizes } = await db.query<{ statuses: string; media: string }>(
      "SELECT (SELECT count(*) FROM statuses)::text AS statuses, " +
        "(SELECT count(*) FROM media_attachments)::text AS media",
    );
    log(`retention: ${sizes[0]!.statuses} statuses, ${sizes[0]!.media} media attachments`);
    log("retention: catching the what-if's rollup up (a running worker keeps it so)…");
    const rollupStarted = performance.now();
    let rollup = await rollupRetention(context, { budgetMs: Infinity, forceMedia: true });
    while (rollup.statusDaysLeft > 0) rollup = await rollupRetention(context, { budgetMs: Infinity });
    const rollupMs = performance.now() - rollupStarted;
    log(`retention: rollup caught up in ${Math.round(rollupMs)} ms (${JSON.stringify(rollup)})`);
    const now = Date.now();
    const whatIf = () => readRolledUpWhatIf(context, PERIODS, now);
    const howdah = await whatIf();

    log("retention: the naive what-if (once; minutes)…");
    const cutoff = new Date(now - PERIODS.contentDays * DAY).toISOString();
    const cutoffId = (BigInt(now - PERIODS.contentDays * DAY) << 16n).toString();
    const started = performance.now();
    const [statuses, media] = await Promise.all([
      db.query<{ total: string; untouched: string; cascaded: string }>(NAIVE_STATUSES, [cutoffId]),
      db.query<{ files: string }>(NAIVE_MEDIA, [cutoff]),
    ]);
    const naiveMs = performance.now() - started;
    const naive = statuses.rows[0]!;
    if (
      Number(naive.total) !== howdah.statuses!.total ||
      Number(naive.untouched) !== howdah.statuses!.untouched ||
      Number(naive.cascaded) !== howdah.statuses!.localBoostsCascaded ||
      Number(media.rows[0]!.files) !== howdah.media!.files
    )
      throw new Error(
        `the what-if (${JSON.stringify(howdah.statuses)}, ${howdah.media!.files} media) differs from the naive ` +
          `count (${JSON.stringify(naive)}, ${media.rows[0]!.files} media)`,
      );
    log(`retention: naive ${Math.round(naiveMs)} ms; figures equal`);

    const samples = await timeMany(5, whatIf);
    return [
      figure("retention what-if server time p50 (30 d, 5M statuses)", percentile(samples, 50), "ms", null, naiveMs),
      figure("retention what-if server time max of 5", Math.max(...samples), "ms", { max: 2000 }, naiveMs),
      figure("retention naive what-if (per-post probes, media by created_at)", naiveMs, "ms", null),
      figure("retention what-if rollup catch-up (first run, all days)", rollupMs, "ms", null),
    ];
  },
};
