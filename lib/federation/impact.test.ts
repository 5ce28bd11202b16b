import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { createTestInstance, type FixtureVersion, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { collectAll } from "@/lib/metrics/collectors";
import { exportDomainBlocks } from "./export";
import { previewBlockChange } from "./impact";
import { createDomainBlock } from "./manage";

/**
 * The impact preview against a direct count on generated data: accounts,
 * follows with local accounts (and who loses most), cached media, open
 * reports, Sidekiq jobs for the host, and what a removal does not bring
 * back. The expected figures are computed here in JavaScript from the raw
 * rows, not with the gateway's SQL. Also /metrics' mastodon_domain_blocks.
 */
type Row = Record<string, unknown>;
const defaults = {
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: false,
};

describe.each(["4.6", "4.3"] as FixtureVersion[])("block impact on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let domain: string;
  let accounts: Row[];
  const on = (d: unknown) => typeof d === "string" && (d === domain || d.endsWith(`.${domain}`));

  beforeAll(async () => {
    t = await createTestInstance("blocks_impact", version);
    db = testPool(t.connectionString);
    // The busiest remote domain that no block covers yet, and a sub-domain account under it.
    const { rows } = await db.query(
      `SELECT a.domain FROM accounts a WHERE a.domain IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM domain_blocks b WHERE a.domain = b.domain OR a.domain LIKE '%.' || b.domain)
       GROUP BY a.domain ORDER BY count(*) DESC LIMIT 1`,
    );
    domain = rows[0].domain;
    const sub = await db.query(
      "INSERT INTO accounts (username, domain, created_at, updated_at, avatar_file_name, avatar_file_size) " +
        "VALUES ('subby', $1, now(), now(), 'a.png', 1234) RETURNING id",
      [`media.${domain}`],
    );
    const local = await db.query("SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 1");
    await db.query(
      "INSERT INTO follows (account_id, target_account_id, created_at, updated_at) " +
        "VALUES ($1, $2, now(), now()), ($2, $1, now(), now())",
      [local.rows[0].id, sub.rows[0].id],
    );
    await db.query(
      "INSERT INTO reports (account_id, target_account_id, created_at, updated_at) VALUES ($1, $2, now(), now())",
      [local.rows[0].id, sub.rows[0].id],
    );
    accounts = (await db.query("SELECT * FROM accounts")).rows;
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const admin = () => {
    const s = t.generated.signIns.find((x) => x.key === "admin")!;
    return { staff: { accountId: s.accountId, acct: s.username }, ip: null };
  };

  it("counts accounts, severed follows, media, reports and host jobs as a direct count does", async () => {
    const format = version === "4.6" ? "8.1" : "6.5";
    const inScope = accounts.filter((a) => on(a.domain));
    const ids = new Set(inScope.map((a) => String(a.id)));
    const severable = new Set(inScope.filter((a) => a.suspended_at === null).map((a) => String(a.id)));
    const localIds = new Set(accounts.filter((a) => a.domain === null).map((a) => String(a.id)));
    const follows = (await db.query("SELECT account_id::text AS f, target_account_id::text AS t FROM follows")).rows;
    const following = follows.filter((f) => severable.has(f.t) && localIds.has(f.f));
    const followers = follows.filter((f) => severable.has(f.f) && localIds.has(f.t));
    const perLocal = new Map<string, number>();
    for (const f of following) perLocal.set(f.f, (perLocal.get(f.f) ?? 0) + 1);
    for (const f of followers) perLocal.set(f.t, (perLocal.get(f.t) ?? 0) + 1);
    const media = (await db.query("SELECT * FROM media_attachments")).rows.filter((m) => ids.has(String(m.account_id)));
    const bytes = media.reduce(
      (sum, m) =>
        sum +
        (m.file_file_name ? Number(m.file_file_size ?? 0) : 0) +
        (m.thumbnail_file_name ? Number(m.thumbnail_file_size ?? 0) : 0),
      0,
    );
    const profileBytes = inScope.reduce(
      (sum, a) =>
        sum +
        (a.avatar_file_name ? Number(a.avatar_file_size ?? 0) : 0) +
        (a.header_file_name ? Number(a.header_file_size ?? 0) : 0),
      0,
    );
    const reports = (await db.query("SELECT * FROM reports WHERE action_taken_at IS NULL")).rows;
    const byId = new Map(accounts.map((a) => [String(a.id), a]));

    // Sidekiq: 3 deliveries to the domain's inboxes, 1 elsewhere, 2 incoming from its accounts, 1 retry.
    const sender = [...ids][0]!;
    const push = (host: string, i: number) =>
      enqueuedJobJson(format, {
        class: "ActivityPub::DeliveryWorker",
        args: ["{}", 1, `https://${host}/inbox`],
        createdAt: 1_754_480_000_000 + i,
      });
    await t.redis.lpush("queue:push", push(domain, 1), push(`media.${domain}`, 2), push(domain, 3), push("x.test", 4));
    const ingress = (i: number) =>
      enqueuedJobJson(format, {
        class: "ActivityPub::ProcessingWorker",
        args: [BigInt(sender), "{}", null, "Account"],
        createdAt: 1_754_480_000_000 + i,
      });
    await t.redis.lpush("queue:ingress", ingress(5), ingress(6));
    await t.redis.zadd("retry", "1754480000.5", push(domain, 7));
    await t.redis.sadd("queues", "push", "ingress");

    const impact = await previewBlockChange(t.context, {
      kind: "create",
      domain: domain.toUpperCase(),
      severity: "suspend",
      rejectMedia: false,
      rejectReports: false,
    });
    expect(impact).toMatchObject({ action: "create", domain, refusal: null, needsConfirmation: true });
    expect(impact.accounts.total).toBe(inScope.length);
    expect(impact.accounts.onSubdomains).toBe(inScope.filter((a) => a.domain !== domain).length);
    expect(impact.accounts.willSuspend).toBe(inScope.filter((a) => a.suspended_at === null).length);
    expect(impact.accounts.staleInView).toBe(1);
    expect(impact.severed).toMatchObject({
      localFollowing: following.length,
      localFollowers: followers.length,
      localAccounts: perLocal.size,
    });
    expect(following.length + followers.length).toBeGreaterThan(0);
    const most = Math.max(...perLocal.values());
    expect(impact.severed!.top[0]!.following + impact.severed!.top[0]!.followers).toBe(most);
    expect(impact.media).toMatchObject({ attachmentBytes: bytes, profileBytes });
    expect(impact.media.purged).toBe(version === "4.3" ? "attachments-and-profiles" : "all");
    expect(impact.reports).toEqual({
      openAgainst: reports.filter((r) => on(byId.get(String(r.target_account_id))?.domain)).length,
      openBy: reports.filter((r) => on(byId.get(String(r.account_id))?.domain)).length,
    });
    expect(impact.reports.openAgainst).toBeGreaterThan(0);
    const jobs = Object.fromEntries(impact.jobs.counts.map((c) => [c.source, c]));
    expect(jobs["queue:push"]).toMatchObject({ matched: 3, total: 4, exact: true, estimate: 3 });
    expect(jobs["queue:ingress"]).toMatchObject({ matched: 2, total: 2 });
    expect(jobs.retry).toMatchObject({ matched: 1, total: 1 });
    expect(impact.steps.join(" ")).toMatch(version === "4.3" ? /Custom emoji stay/ : /PurgeCustomEmojiWorker/);
  });

  it("refuses in the preview what the write would refuse, and lists looser sub-domain blocks", async () => {
    await createDomainBlock(t.context, admin(), { ...defaults, domain: `media.${domain}`, severity: "silence" });
    const parent = await previewBlockChange(t.context, {
      kind: "create",
      domain,
      severity: "suspend",
      rejectMedia: false,
      rejectReports: false,
    });
    expect(parent.looserSubdomainBlocks.map((b) => b.domain)).toEqual([`media.${domain}`]);
    await createDomainBlock(t.context, admin(), {
      ...defaults,
      domain,
      severity: "suspend",
      confirmed: true,
    });
    const looser = await previewBlockChange(t.context, {
      kind: "create",
      domain: `other.${domain}`,
      severity: "noop",
      rejectMedia: false,
      rejectReports: false,
    });
    expect(looser.refusal).toMatch(new RegExp(`${domain.replace(/\./g, "\\.")}.*suspend`));
    expect(looser.parent?.domain).toBe(domain);
  });

  it("says what a removal releases and what does not come back", async () => {
    const blockRow = (await db.query("SELECT id::text AS id FROM domain_blocks WHERE domain = $1", [domain])).rows[0];
    // What the worker and DeleteAccountService left: every account marked, a severance event recorded.
    await db.query(
      `UPDATE accounts SET suspended_at = b.created_at FROM domain_blocks b
        WHERE b.id = $1 AND (accounts.domain = b.domain OR accounts.domain LIKE '%.' || b.domain)`,
      [blockRow.id],
    );
    const event = await db.query(
      "INSERT INTO relationship_severance_events (type, target_name, created_at, updated_at) " +
        "VALUES (0, $1, now(), now()) RETURNING id",
      [domain],
    );
    const pair = await db.query(
      "SELECT (SELECT id FROM accounts WHERE domain IS NULL AND id > 0 LIMIT 1) AS l, " +
        "(SELECT id FROM accounts WHERE domain = $1 LIMIT 1) AS r",
      [domain],
    );
    await db.query(
      `INSERT INTO severed_relationships (relationship_severance_event_id, local_account_id, remote_account_id,
         direction, created_at, updated_at) VALUES ($1, $2, $3, 1, now(), now()), ($1, $2, $3, 0, now(), now())`,
      [event.rows[0].id, pair.rows[0].l, pair.rows[0].r],
    );
    const marked = (
      await db.query(
        "SELECT count(*)::int AS n FROM accounts a, domain_blocks b WHERE b.id = $1 AND a.suspended_at = b.created_at",
        [blockRow.id],
      )
    ).rows[0].n;
    const impact = await previewBlockChange(t.context, { kind: "remove", id: blockRow.id });
    expect(impact.action).toBe("remove");
    expect(impact.accounts.willUnsuspend).toBe(marked);
    expect(impact.notComingBack).toEqual({
      purgedAccounts: marked,
      severedRelationships: 2,
      severedLocalAccounts: 1,
      stillSuspended: 0,
      stillSilenced: 0,
    });
  });

  it("exports mastodon_domain_blocks{severity} on /metrics", async () => {
    const counts = (
      await db.query("SELECT severity, count(*)::int AS n FROM domain_blocks GROUP BY severity")
    ).rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.severity]: r.n }), {});
    const families = await collectAll(t.context);
    const family = families.find((f) => f.name === "mastodon_domain_blocks")!;
    expect(family.type).toBe("gauge");
    expect(family.samples).toEqual([
      { labels: { severity: "silence" }, value: counts[0] ?? 0 },
      { labels: { severity: "suspend" }, value: counts[1] ?? 0 },
      { labels: { severity: "noop" }, value: counts[2] ?? 0 },
    ]);
    expect((counts[1] ?? 0) + (counts[0] ?? 0)).toBeGreaterThan(0);
  });

  it("exports the blocks with limitations by id, with private comments only when asked", async () => {
    await createDomainBlock(t.context, admin(), {
      ...defaults,
      domain: "reports-only.test",
      severity: "noop",
      rejectReports: true,
    });
    await createDomainBlock(t.context, admin(), {
      ...defaults,
      domain: "media-only.test",
      severity: "noop",
      rejectMedia: true,
    });
    const expected = (
      await db.query("SELECT domain FROM domain_blocks WHERE severity IN (0, 1) OR reject_media ORDER BY id")
    ).rows.map((r) => r.domain);
    const file = await exportDomainBlocks(t.context, false);
    const lines = file.body.trimEnd().split("\n");
    expect(file.filename).toBe("domain_blocks.csv");
    expect(lines[0]).toBe("#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(expected);
    expect(expected).toContain("media-only.test");
    expect(expected).not.toContain("reports-only.test");
    expect((await exportDomainBlocks(t.context, true)).body.split("\n")[0]).toMatch(/,#private_comment$/);
  });
});
