import { rawConnections } from "@/dev/testing/raw-connections";
import { Permissions } from "@/lib/auth/permissions";
import type { ServerContext } from "@/lib/server/context";
import { bulkReportAction } from "@/lib/reports/actions/bulk";
import { getReportQueue } from "@/lib/reports/queue";
import { queueInput } from "@/lib/reports/queue-input";
import { sidekiqKeys } from "@/lib/mastodon/sidekiq/keys";
import { getReportPage } from "@/lib/reports/report-page";
import { figure, percentile, timeMany, type Figure } from "./figures";
import { vacuumAnalyze } from "./settle";
import type { BenchSuite } from "./suites";

/**
 * Report triage on the large instance:
 * - the queue page's server time with 10,000 open reports (the first page of
 *   grouped items with its cards, the faceted counts and the rules), against
 *   the naive way: every open report's card read, then grouped and sorted in
 *   JavaScript;
 * - a report page whose target has at least 1,000 statuses and 50 earlier
 *   reports (posts, record, strikes, notes, history);
 * - a bulk resolve of 500 reports by a moderator, through the function the
 *   bulk route calls (each report its own transaction, log row, webhook job
 *   and audit record).
 * The reports are inserted for the run, marked by their comment, and deleted
 * afterwards with what the bulk resolve wrote for them (admin_action_logs
 * rows, Howdah's audit records, the Sidekiq jobs), so the instance stays
 * reusable (and another run's leftovers are removed first).
 */
const OPEN_REPORTS = 10_000;
const EARLIER_REPORTS = 50;
const BULK_REPORTS = 500;
const MARK = "bench-reports-triage";

export const reportsSuite: BenchSuite = {
  name: "reports",
  async run({ context, log }) {
    const db = rawConnections(context).db;
    const figures: Figure[] = [];
    const remove = () => removeBenchReports(context);
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
      // As autovacuum would soon after: the previous run's (or a removed leftover's) deleted rows gone, statistics new.
      await vacuumAnalyze(["reports"]);
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

      figures.push(await bulkResolve(context, log));
    } finally {
      await remove();
    }
    return figures;
  },
};

/** The moderator resolves 500 open reports in one bulk action, as the queue's bulk bar sends it. */
async function bulkResolve(context: ServerContext, log: (line: string) => void): Promise<Figure> {
  const db = rawConnections(context).db;
  const { rows: mods } = await db.query<{ id: string; acct: string; everyone: string; role: string }>(
    `SELECT a.id::text AS id, a.username AS acct, e.permissions::text AS everyone, ro.permissions::text AS role
       FROM users u JOIN accounts a ON a.id = u.account_id JOIN user_roles ro ON ro.id = u.role_id
       JOIN user_roles e ON e.id = -99
      WHERE ro.name = 'Moderator' AND a.suspended_at IS NULL ORDER BY a.id LIMIT 1`,
  );
  const mod = mods[0];
  if (!mod) throw new Error("the large instance has no moderator");
  const { rows } = await db.query<{ id: string }>(
    `INSERT INTO reports (account_id, target_account_id, category, comment, created_at, updated_at)
     SELECT (SELECT a.id FROM accounts a JOIN users u ON u.account_id = a.id ORDER BY a.id DESC LIMIT 1),
            t.id, 1000, '${MARK} bulk ' || t.n, now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc'
       FROM (SELECT a.id, row_number() OVER (ORDER BY a.id) AS n FROM accounts a
              WHERE a.domain IS NOT NULL AND a.suspended_at IS NULL ORDER BY a.id LIMIT ${BULK_REPORTS}) t
     RETURNING id::text AS id`,
  );
  const actor = {
    staff: { accountId: mod.id, acct: mod.acct, permissions: Permissions.fromRoles(mod.everyone, mod.role) },
    ip: "192.0.2.1",
  };
  log(`reports: bulk resolve of ${rows.length} reports by @${mod.acct}…`);
  const started = performance.now();
  const { results } = await bulkReportAction(context, actor, {
    action: "resolve",
    reportIds: rows.map((r) => r.id),
  });
  const ms = performance.now() - started;
  const failed = results.filter((r) => !r.ok);
  if (failed.length > 0) throw new Error(`bulk resolve: ${failed.length} not done, e.g. ${failed[0]!.message}`);
  return figure(`bulk resolve of ${BULK_REPORTS} reports`, ms / 1000, "s", { max: 5 });
}

/**
 * Deletes the bench's reports and what acting on them left: Howdah's audit
 * records (their details name the Sidekiq jobs, removed from their queue),
 * the admin_action_logs rows, then the reports.
 */
async function removeBenchReports(context: ServerContext): Promise<void> {
  const { db, sidekiqRedis, keyPrefix } = rawConnections(context);
  const store = await context.store();
  const { rows } = await db.query<{ id: string }>("SELECT id::text AS id FROM reports WHERE comment LIKE $1", [
    `${MARK}%`,
  ]);
  const ids = rows.map((r) => r.id);
  if (ids.length > 0) {
    const { rows: audits } = await store.pool.query<{ jobs: { queue: string; jid: string }[] | null }>(
      `DELETE FROM howdah.audit_log WHERE target_type = 'Report' AND target = ANY($1::text[])
       RETURNING details->'jobs' AS jobs`,
      [ids.map((id) => `#${id}`)],
    );
    const jids = new Map<string, Set<string>>();
    for (const job of audits.flatMap((a) => a.jobs ?? [])) {
      jids.set(job.queue, (jids.get(job.queue) ?? new Set()).add(job.jid));
    }
    const keys = sidekiqKeys(keyPrefix);
    for (const [queue, ours] of jids) {
      const key = keys.queue(queue);
      for (const payload of await sidekiqRedis.lrange(key, 0, -1)) {
        if (ours.has((JSON.parse(payload) as { jid?: string }).jid ?? "")) await sidekiqRedis.lrem(key, 1, payload);
      }
    }
    await db.query("DELETE FROM admin_action_logs WHERE target_type = 'Report' AND target_id = ANY($1::bigint[])", [
      ids,
    ]);
  }
  await db.query("DELETE FROM reports WHERE comment LIKE $1", [`${MARK}%`]);
}
