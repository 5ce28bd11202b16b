import { rawConnections } from "@/dev/testing/raw-connections";
import { getReportQueue } from "@/lib/reports/queue";
import { queueInput } from "@/lib/reports/queue-input";
import { getReportPage } from "@/lib/reports/report-page";
import { figure, percentile, timeMany, type Figure } from "./figures";
import type { BenchSuite } from "./suites";

/**
 * Report triage on the large instance:
 * - the queue page's server time with 10,000 open reports (the first page of
 *   grouped items with its cards, the faceted counts and the rules), against
 *   the naive way: every open report's card read, then grouped and sorted in
 *   JavaScript;
 * - a report page whose target has at least 1,000 statuses and 50 earlier
 *   reports (posts, record, strikes, notes, history).
 * The reports are inserted for the run, marked by their comment, and deleted
 * afterwards, so the instance stays reusable (and another run's leftovers are
 * removed first).
 */
const OPEN_REPORTS = 10_000;
const EARLIER_REPORTS = 50;
const MARK = "bench-reports-triage";

export const reportsSuite: BenchSuite = {
  name: "reports",
  async run({ context, log }) {
    const db = rawConnections(context).db;
    const figures: Figure[] = [];
    const remove = () => db.query("DELETE FROM reports WHERE comment LIKE $1", [`${MARK}%`]);
    await remove();
    try {
      log(`reports: inserting ${OPEN_REPORTS.toLocaleString("en")} open reports…`);
      // Targets: accounts with statuses, local and remote; a fifth of the reports pile onto the same few hundred.
      await db.query(
        `WITH targets AS (
           SELECT a.id, row_number() OVER (ORDER BY md5(a.id::text)) AS n FROM accounts a
            WHERE a.id > 0 AND a.suspended_at IS NULL LIMIT 6000),
         reporters AS (
           SELECT a.id, row_number() OVER (ORDER BY a.id) AS n FROM accounts a
             JOIN users u ON u.account_id = a.id WHERE a.domain IS NULL LIMIT 500)
         INSERT INTO reports (account_id, target_account_id, category, comment, status_ids, rule_ids, forwarded,
                              created_at, updated_at)
         SELECT r.id, t.id, (ARRAY[0, 1000, 1000, 1500, 2000])[1 + g % 5], '${MARK} ' || g,
                COALESCE(ARRAY(SELECT s.id FROM statuses s WHERE s.account_id = t.id ORDER BY s.id DESC LIMIT 1),
                         '{}'),
                CASE WHEN g % 5 = 4 THEN ARRAY[1 + g % 3]::bigint[] END, g % 7 = 0,
                (now() AT TIME ZONE 'utc') - make_interval(mins => g * 7),
                (now() AT TIME ZONE 'utc') - make_interval(mins => g * 7)
           FROM generate_series(1, ${OPEN_REPORTS}) g
           JOIN targets t ON t.n = CASE WHEN g % 5 = 0 THEN 1 + g % 300 ELSE 1 + g % 6000 END
           JOIN reporters r ON r.n = 1 + g % 500`,
      );
      await db.query("ANALYZE reports");
      const staff = { accountId: "1" };
      const input = queueInput.parse({});
      const page = () => getReportQueue(context, staff, input);
      const first = await page();
      log(`reports: ${first.totalReports.toLocaleString("en")} open reports in ${first.total} items`);
      const ours = await timeMany(30, page);
      log("reports: the naive queue (every open report's card, grouped in JavaScript)…");
      const naive = await timeMany(3, async () => {
        const { rows } = await db.query<{ id: string }>(
          "SELECT id::text AS id FROM reports WHERE action_taken_at IS NULL",
        );
        const cards = await context.mastodon.reports.readQueueCards(rows.map((r) => r.id));
        const groups = new Map<string, string[]>();
        for (const card of cards.values()) groups.set(card.target.id, [...(groups.get(card.target.id) ?? []), card.id]);
        return [...groups.values()].sort((a, b) => b.length - a.length).slice(0, 25);
      });
      figures.push(
        figure(
          "reports queue page server time p95 (10k open)",
          percentile(ours, 95),
          "ms",
          { max: 100 },
          percentile(naive, 50),
        ),
      );
      figures.push(figure("reports queue page server time p50 (10k open)", percentile(ours, 50), "ms", null));

      log("reports: a report page whose target has 1,000+ statuses and 50 earlier reports…");
      const { rows: heavy } = await db.query<{ id: string; statuses: string[] }>(
        `SELECT st.account_id::text AS id,
                ARRAY(SELECT s.id::text FROM statuses s WHERE s.account_id = st.account_id ORDER BY s.id DESC LIMIT 5)
                  AS statuses
           FROM account_stats st WHERE st.statuses_count >= 1000
          ORDER BY st.statuses_count LIMIT 1`,
      );
      const target = heavy[0];
      if (!target) throw new Error("the large instance has no account with 1,000 statuses");
      const { rows: made } = await db.query<{ id: string }>(
        `INSERT INTO reports (account_id, target_account_id, category, comment, status_ids, action_taken_at,
                              created_at, updated_at)
         SELECT (SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id ORDER BY a.id LIMIT 1), $1,
                1000 * (g % 2), '${MARK} earlier ' || g, $2::bigint[],
                CASE WHEN g > 1 THEN (now() AT TIME ZONE 'utc') - make_interval(days => g) END,
                (now() AT TIME ZONE 'utc') - make_interval(days => g + 1),
                (now() AT TIME ZONE 'utc') - make_interval(days => g + 1)
           FROM generate_series(1, ${EARLIER_REPORTS + 1}) g ORDER BY g RETURNING id::text`,
        [target.id, target.statuses],
      );
      const reportId = made[0]!.id;
      const reportPage = () => getReportPage(context, staff, reportId);
      const shown = await reportPage();
      log(
        `reports: report ${reportId}: ${shown.posts.length} posts, ${shown.earlierReports.total} earlier reports, ` +
          `${shown.history.length} history entries`,
      );
      const pageTimes = await timeMany(30, reportPage);
      figures.push(
        figure("report page server time p95 (1,000+ statuses, 50 earlier reports)", percentile(pageTimes, 95), "ms", {
          max: 100,
        }),
      );
    } finally {
      await remove();
    }
    return figures;
  },
};
