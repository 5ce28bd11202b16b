import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { collectAll } from "@/lib/metrics/collectors";
import { getTriageFigures } from "./figures";
import { getReportQueue, type ReportQueue } from "./queue";
import { queueInput } from "./queue-input";
import { getReportPage } from "./report-page";

/**
 * The queue, the report page and the figures against both schemas, each
 * checked against a direct query of Mastodon's rows. On top of the generated
 * reports: a wave of spam from one remote domain (three accounts: one item),
 * a legal report (first in the queue) and a remote post carrying a script.
 */
describe.each(FIXTURE_VERSIONS)("report reads on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let moderator: string;
  let waveDomain: string;
  let legalId: string;

  const insertReport = async (r: {
    reporter: string;
    target: string;
    category: number;
    hoursAgo: number;
    statusIds?: string[];
  }): Promise<string> => {
    const { rows } = await db.query(
      `INSERT INTO reports (account_id, target_account_id, category, comment, status_ids, created_at, updated_at)
       VALUES ($1, $2, $3, 'test', $4::bigint[], (now() AT TIME ZONE 'utc') - make_interval(hours => $5::int),
               (now() AT TIME ZONE 'utc') - make_interval(hours => $5::int)) RETURNING id::text`,
      [r.reporter, r.target, r.category, r.statusIds ?? [], r.hoursAgo],
    );
    return rows[0].id;
  };

  beforeAll(async () => {
    t = await createTestInstance("reports_read", version);
    db = testPool(t.connectionString);
    moderator = t.generated.signIns.find((s) => s.key === "moderator")!.accountId;
    const reporter = t.generated.signIns.find((s) => s.key === "user")!.accountId;
    // A remote domain none of whose accounts has an open report yet, with three accounts.
    const { rows: wave } = await db.query(
      `SELECT a.domain, array_agg(a.id::text ORDER BY a.id) AS ids FROM accounts a
        WHERE a.domain IS NOT NULL AND NOT EXISTS (
          SELECT 1 FROM reports r JOIN accounts x ON x.id = r.target_account_id
           WHERE x.domain = a.domain AND r.action_taken_at IS NULL)
        GROUP BY a.domain HAVING count(*) >= 3 ORDER BY a.domain LIMIT 1`,
    );
    waveDomain = wave[0].domain;
    for (const [i, id] of (wave[0].ids as string[]).slice(0, 3).entries()) {
      await insertReport({ reporter, target: id, category: 1000, hoursAgo: 2 + i });
    }
    const { rows: local } = await db.query(
      `SELECT a.id::text AS id FROM accounts a JOIN users u ON u.account_id = a.id
        WHERE a.domain IS NULL AND a.id <> $1 AND a.suspended_at IS NULL ORDER BY a.id LIMIT 1 OFFSET 5`,
      [reporter],
    );
    legalId = await insertReport({ reporter, target: local[0].id, category: 1500, hoursAgo: 1 });
    // A remote post with a script, reported.
    const { rows: post } = await db.query(
      `SELECT s.id::text AS id, s.account_id::text AS account FROM statuses s JOIN accounts a ON a.id = s.account_id
        WHERE a.domain IS NOT NULL AND a.domain <> $1 AND s.deleted_at IS NULL AND s.reblog_of_id IS NULL
        ORDER BY s.id LIMIT 1`,
      [waveDomain],
    );
    await db.query(`UPDATE statuses SET text = $2, spoiler_text = 'cw' WHERE id = $1`, [
      post[0].id,
      `<p>bad<script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)></p>`,
    ]);
    await insertReport({ reporter, target: post[0].account, category: 2000, hoursAgo: 3, statusIds: [post[0].id] });
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const queue = (q: Record<string, string>) => getReportQueue(t.context, { accountId: moderator }, queueInput.parse(q));
  const allItems = async (q: Record<string, string>) => {
    const items: ReportQueue["items"] = [];
    for (let offset = 0; ; offset += 100) {
      const page = await queue({ ...q, offset: String(offset), limit: "100" });
      items.push(...page.items);
      if (offset + 100 >= page.total) return items;
    }
  };
  const direct = async (where: string, params: unknown[] = []) =>
    (
      await db.query(
        `SELECT r.id::text AS id FROM reports r JOIN accounts t ON t.id = r.target_account_id
           JOIN accounts p ON p.id = r.account_id WHERE ${where} ORDER BY r.id`,
        params,
      )
    ).rows.map((r) => r.id as string);

  it("lists every open report once, grouped by account and by a domain's wave", async () => {
    const items = await allItems({});
    const ids = items.flatMap((i) => i.reportIds).sort((a, b) => Number(a) - Number(b));
    expect(ids).toEqual(await direct("r.action_taken_at IS NULL"));
    const wave = items.find((i) => i.kind === "domain" && i.domain === waveDomain);
    expect(wave).toMatchObject({ reports: 3, accounts: 3 });
    const byAccount = items.filter((i) => i.kind === "account");
    const targets = byAccount.map((i) => i.card.target.id);
    expect(new Set(targets).size).toBe(targets.length);
  });

  it("puts legal and violation before other, other before spam", async () => {
    const items = await allItems({});
    const tier = { legal: 2, violation: 2, other: 1, spam: 0 };
    const tiers = items.map((i) => tier[i.card.category]);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
    // The legal report is the youngest of the top tier, yet the local legal report of today ranks among it.
    expect(items.filter((i) => tier[i.card.category] === 2).some((i) => i.reportIds.includes(legalId))).toBe(true);
  });

  it("filters as a direct query does", async () => {
    const ids = async (q: Record<string, string>) =>
      (await allItems(q)).flatMap((i) => i.reportIds).sort((a, b) => Number(a) - Number(b));
    const open = "r.action_taken_at IS NULL";
    expect(await ids({ assigned: "me" })).toEqual(await direct(`${open} AND r.assigned_account_id = $1`, [moderator]));
    expect(await ids({ assigned: "unassigned" })).toEqual(await direct(`${open} AND r.assigned_account_id IS NULL`));
    expect(await ids({ category: "spam" })).toEqual(await direct(`${open} AND r.category = 1000`));
    expect(await ids({ target: "local" })).toEqual(await direct(`${open} AND t.domain IS NULL`));
    expect(await ids({ reporter: "remote" })).toEqual(await direct(`${open} AND p.domain IS NOT NULL`));
    expect(await ids({ forwarded: "true" })).toEqual(await direct(`${open} AND r.forwarded`));
    expect(await ids({ domain: waveDomain.toUpperCase() })).toEqual(
      await direct(`${open} AND t.domain = $1`, [waveDomain]),
    );
    expect(await ids({ rule: "1" })).toEqual(await direct(`${open} AND 1 = ANY(r.rule_ids)`));
    expect(await ids({ state: "resolved", category: "violation" })).toEqual(
      await direct("r.action_taken_at IS NOT NULL AND r.category = 2000"),
    );
  });

  it("counts each filter option with the other filters applied", async () => {
    const page = await queue({ target: "remote" });
    const n = async (where: string, params: unknown[] = []) => (await direct(where, params)).length;
    const open = "r.action_taken_at IS NULL";
    expect(page.counts["state:open"]).toBe(await n(`${open} AND t.domain IS NOT NULL`));
    expect(page.counts["state:resolved"]).toBe(await n("r.action_taken_at IS NOT NULL AND t.domain IS NOT NULL"));
    expect(page.counts["category:spam"]).toBe(await n(`${open} AND t.domain IS NOT NULL AND r.category = 1000`));
    expect(page.counts["assigned:me"]).toBe(
      await n(`${open} AND t.domain IS NOT NULL AND r.assigned_account_id = $1`, [moderator]),
    );
    // The facet's own options ignore its choice: local is counted though remote is chosen.
    expect(page.counts["target:local"]).toBe(await n(`${open} AND t.domain IS NULL`));
    expect(page.counts["reporter:local"]).toBe(await n(`${open} AND t.domain IS NOT NULL AND p.domain IS NULL`));
    expect(page.ruleCounts["1"] ?? 0).toBe(await n(`${open} AND t.domain IS NOT NULL AND 1 = ANY(r.rule_ids)`));
    expect(page.totalReports).toBe(page.counts["state:open"]);
  });

  it("gives each card the target's record and the first post, sanitized", async () => {
    const items = await allItems({});
    for (const item of items.slice(0, 10)) {
      const c = item.card;
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM reports WHERE target_account_id = $1 AND id <> $2
                   AND action_taken_at IS NOT NULL)::int AS earlier,
                (SELECT count(*) FROM account_warnings WHERE target_account_id = $1)::int AS strikes`,
        [c.target.id, c.id],
      );
      expect({ earlier: c.earlierReports, strikes: c.strikes }).toEqual(rows[0]);
    }
    const hostile = items.find((i) => i.card.firstPost?.spoilerText === "cw")!;
    expect(hostile.card.firstPost!.html).toContain("bad");
    expect(hostile.card.firstPost!.html).not.toMatch(/script|javascript|img|onerror/);
  });

  it("shows a report with its target's strikes, appeals, notes and Mastodon's history", async () => {
    const { rows } = await db.query(
      `SELECT r.id::text AS id, r.target_account_id::text AS target, r.status_ids::text[] AS statuses
         FROM reports r JOIN account_warnings w ON w.report_id = r.id JOIN appeals a ON a.account_warning_id = w.id
        ORDER BY r.id LIMIT 1`,
    );
    const r = rows[0];
    const page = await getReportPage(t.context, { accountId: moderator }, r.id);
    const strikes = await db.query(
      `SELECT w.id::text AS id, a.id IS NOT NULL AS appealed FROM account_warnings w
         LEFT JOIN appeals a ON a.account_warning_id = w.id WHERE w.target_account_id = $1 ORDER BY w.id DESC`,
      [r.target],
    );
    expect(page.strikes.map((s) => ({ id: s.id, appealed: s.appeal !== null }))).toEqual(strikes.rows);
    const notes = await db.query(`SELECT content FROM report_notes WHERE report_id = $1 ORDER BY created_at, id`, [
      r.id,
    ]);
    expect(page.notes.map((n) => n.content)).toEqual(notes.rows.map((n) => n.content));
    // Report#history, written the long way: every log row, kept if it targets what C3 lists.
    const logs = await db.query(
      `SELECT id::text AS id, target_type, target_id::text AS target_id FROM admin_action_logs`,
    );
    const strikeIds = new Set(
      (await db.query(`SELECT id::text AS id FROM account_warnings WHERE report_id = $1`, [r.id])).rows.map(
        (x) => x.id,
      ),
    );
    const expected = logs.rows
      .filter(
        (l) =>
          (l.target_type === "Report" && l.target_id === r.id) ||
          (l.target_type === "Account" && l.target_id === r.target) ||
          (l.target_type === "Status" && r.statuses.includes(l.target_id)) ||
          (l.target_type === "AccountWarning" && strikeIds.has(l.target_id)),
      )
      .map((l) => l.id)
      .sort();
    expect(page.history.map((h) => h.id).sort()).toEqual(expected);
    expect(page.history.length).toBeGreaterThan(0);
    expect(page.history.some((h) => h.targetType === "User")).toBe(false);
    const followers = await db.query(
      `SELECT count(*)::int AS n FROM follows f JOIN accounts a ON a.id = f.account_id
        WHERE f.target_account_id = $1 AND a.domain IS NULL`,
      [r.target],
    );
    expect(page.target.localFollowers).toBe(followers.rows[0].n);
    expect(page.posts.length + page.missingPosts).toBe(r.statuses.length);
  });

  it("answers a missing report with not found", async () => {
    await expect(getReportPage(t.context, { accountId: moderator }, "999999999")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("computes the triage figures as direct counts do", async () => {
    const figures = await getTriageFigures(t.context);
    const { rows } = await db.query(
      `SELECT count(*)::int AS open,
              to_char(min(created_at) FILTER (WHERE assigned_account_id IS NULL),
                      'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS oldest_unassigned
         FROM reports WHERE action_taken_at IS NULL`,
    );
    expect(figures.open.open).toBe(rows[0].open);
    expect(figures.open.oldestUnassignedAt).toBe(rows[0].oldest_unassigned);
    const resolved = await db.query(
      `SELECT extract(epoch FROM action_taken_at - created_at)::float8 AS secs FROM reports
        WHERE action_taken_at >= (now() AT TIME ZONE 'utc') - interval '30 days' ORDER BY 1`,
    );
    const secs = resolved.rows.map((x) => x.secs as number);
    const mid = secs.length / 2;
    const median =
      secs.length === 0 ? null : secs.length % 2 ? secs[Math.floor(mid)]! : (secs[mid - 1]! + secs[mid]!) / 2;
    expect(figures.window.resolved).toBe(secs.length);
    if (median === null) expect(figures.window.medianResolutionSeconds).toBeNull();
    else expect(figures.window.medianResolutionSeconds).toBeCloseTo(median, 3);
    expect(figures.window.daily.length).toBe(31);
    expect(figures.window.daily.reduce((s, d) => s + d.resolved, 0)).toBeGreaterThanOrEqual(secs.length);
    const perModerator = figures.window.moderators.reduce((s, m) => s + m.resolved, 0);
    expect(perModerator).toBe(secs.length);
  });

  it("exports the open reports and the oldest one's wait on /metrics", async () => {
    const families = await collectAll(t.context);
    const { rows } = await db.query(
      `SELECT count(*)::int AS open,
              extract(epoch FROM (now() AT TIME ZONE 'utc') - min(created_at))::float8 AS oldest
         FROM reports WHERE action_taken_at IS NULL`,
    );
    expect(families.find((f) => f.name === "mastodon_reports_open")!.samples).toEqual([
      { labels: {}, value: rows[0].open },
    ]);
    const oldest = families.find((f) => f.name === "mastodon_reports_oldest_open_seconds")!.samples[0]!.value;
    expect(Math.abs(oldest - rows[0].oldest)).toBeLessThan(120);
    expect(oldest).toBeGreaterThan(3600);
  });
});
