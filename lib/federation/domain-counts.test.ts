import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestInstance, type FixtureVersion, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { readDomainCounts, writeDomainCounts } from "@/lib/store/domain-counts";
import { COUNTS_FRESH_MS, readCountsForDossier, rollupDomainCounts } from "./domain-counts";
import { getDomainDossier } from "./dossier";

/**
 * The worker's counts of the busiest servers against direct counts of the
 * same rows: what the dossier shows from the rollup must be what counting
 * on the spot gives. A row the worker has not refreshed for too long is not
 * shown: the page counts live instead.
 */
type Row = Record<string, unknown>;

describe.each(["4.6", "4.3"] as FixtureVersion[])("the dossier's rolled-up counts on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let domain: string;

  beforeAll(async () => {
    t = await createTestInstance("domcounts", version);
    db = testPool(t.connectionString);
    await db.query("REFRESH MATERIALIZED VIEW instances");
    const { rows } = await db.query(
      "SELECT domain FROM accounts WHERE domain IS NOT NULL GROUP BY domain ORDER BY count(*) DESC, domain LIMIT 1",
    );
    domain = rows[0].domain;
    // A resolved report by one of its accounts and a suspended account, so every figure has both kinds.
    const remote = await db.query("SELECT id FROM accounts WHERE domain = $1 ORDER BY id LIMIT 2", [domain]);
    const local = await db.query("SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 1");
    await db.query(
      "INSERT INTO reports (account_id, target_account_id, created_at, updated_at, action_taken_at) " +
        "VALUES ($1, $2, now(), now(), now())",
      [remote.rows[0].id, local.rows[0].id],
    );
    await db.query("UPDATE accounts SET suspended_at = now() WHERE id = $1", [remote.rows[1].id]);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  async function directCounts() {
    const accounts = (await db.query("SELECT id::text AS id, domain, suspended_at FROM accounts")).rows as Row[];
    const on = accounts.filter(
      (a) => typeof a.domain === "string" && (a.domain === domain || a.domain.endsWith(`.${domain}`)),
    );
    const ids = new Set(on.map((a) => a.id as string));
    const notSuspended = new Set(on.filter((a) => a.suspended_at === null).map((a) => a.id as string));
    const local = new Set(accounts.filter((a) => a.domain === null).map((a) => a.id as string));
    const follows = (await db.query("SELECT account_id::text AS a, target_account_id::text AS t FROM follows"))
      .rows as Row[];
    const statuses = (await db.query("SELECT account_id::text AS a, deleted_at FROM statuses")).rows.filter(
      (s) => ids.has(s.a) && s.deleted_at === null,
    );
    const reports = (
      await db.query("SELECT account_id::text AS a, target_account_id::text AS t, action_taken_at FROM reports")
    ).rows.filter((r) => ids.has(r.a) || ids.has(r.t));
    return {
      accounts: {
        total: on.length,
        onSubdomains: on.filter((a) => a.domain !== domain).length,
        suspended: on.length - notSuspended.size,
      },
      follows: {
        localFollowing: follows.filter((f) => local.has(f.a as string) && notSuspended.has(f.t as string)).length,
        localFollowers: follows.filter((f) => notSuspended.has(f.a as string) && local.has(f.t as string)).length,
      },
      statuses: statuses.length,
      reports: { total: reports.length, open: reports.filter((r) => r.action_taken_at === null).length },
    };
  }

  it("keeps the counts a direct count gives, and the dossier shows them with their time", async () => {
    const before = Date.now();
    const run = await rollupDomainCounts(t.context, { minAccounts: 1 });
    expect(run.domains).toBeGreaterThan(0);
    const row = await readDomainCounts(await t.context.store(), domain);
    expect(row).not.toBeNull();
    expect(row!.countedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);

    const direct = await directCounts();
    expect(direct.statuses).toBeGreaterThan(0);
    expect(direct.follows.localFollowing + direct.follows.localFollowers).toBeGreaterThan(0);
    expect(direct.accounts.suspended).toBeGreaterThan(0);
    const rolled = row!.counts as typeof direct & { reports: { recent: unknown[] } };
    expect({ ...rolled, reports: { total: rolled.reports.total, open: rolled.reports.open } }).toEqual(direct);

    const d = await getDomainDossier(t.context, domain, { canManage: false });
    expect(d.countedAt?.getTime()).toBe(row!.countedAt.getTime());
    expect(d.figures).toEqual({ accounts: direct.accounts, follows: direct.follows });
    expect(d.facts.statuses).toBe(direct.statuses);
    expect(d.facts.reports.total).toBe(direct.reports.total);
    expect(d.facts.reports.recent.length).toBe(Math.min(10, direct.reports.total));
    expect(d.facts.reports.recent[0]!.createdAt).toBeInstanceOf(Date);
    // The rollup and the live count agree field for field, recent reports included.
    const live = await t.context.mastodon.federation.readDossierCounts(domain);
    expect(d.facts.reports).toEqual(live.reports);
  });

  it("counts live when the worker's row is too old", async () => {
    const store = await t.context.store();
    const stale = new Date(Date.now() - COUNTS_FRESH_MS - 60_000);
    const wrong = { ...(await directCounts()), statuses: -1, reports: { total: -1, open: -1, recent: [] } };
    await writeDomainCounts(store, domain, { counts: wrong, countedAt: stale, tookMs: 1 });
    const read = await readCountsForDossier(t.context, domain);
    expect(read.countedAt).toBeNull();
    expect(read.counts.statuses).toBe((await directCounts()).statuses);
  });
});
