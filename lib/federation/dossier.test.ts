import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { createTestInstance, type FixtureVersion, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { getDomainDossier } from "./dossier";
import { createDomainBlock, updateDomainBlock } from "./manage";

/**
 * The dossier against direct counts on generated data: statuses, reports
 * (all and open), the jobs for the host in Sidekiq's dead set, and the block
 * history, which must tie each logged change to the form batch that made it.
 */
type Row = Record<string, unknown>;
const fields = {
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: false,
};

describe.each(["4.6", "4.3"] as FixtureVersion[])("the dossier on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let domain: string;

  beforeAll(async () => {
    t = await createTestInstance("dossier", version);
    db = testPool(t.connectionString);
    const { rows } = await db.query(
      `SELECT a.domain FROM accounts a WHERE a.domain IS NOT NULL AND NOT EXISTS (
         SELECT 1 FROM domain_blocks b WHERE a.domain = b.domain OR a.domain LIKE '%.' || b.domain)
       GROUP BY a.domain ORDER BY count(*) DESC LIMIT 1`,
    );
    domain = rows[0].domain;
    // A report by one of its accounts, resolved, so "all" and "open" differ.
    const remote = await db.query("SELECT id FROM accounts WHERE domain = $1 LIMIT 1", [domain]);
    const local = await db.query("SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 1");
    await db.query(
      "INSERT INTO reports (account_id, target_account_id, created_at, updated_at, action_taken_at) " +
        "VALUES ($1, $2, now(), now(), now())",
      [remote.rows[0].id, local.rows[0].id],
    );
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  const admin = () => {
    const s = t.generated.signIns.find((x) => x.key === "admin")!;
    return { staff: { accountId: s.accountId, acct: s.username }, ip: null };
  };

  it("counts statuses and reports as a direct count does, and the dead jobs for the host", async () => {
    const accounts = (await db.query("SELECT id::text AS id, domain FROM accounts")).rows as Row[];
    const ids = new Set(
      accounts
        .filter((a) => typeof a.domain === "string" && (a.domain === domain || a.domain.endsWith(`.${domain}`)))
        .map((a) => a.id as string),
    );
    const statuses = (await db.query("SELECT account_id::text AS a, deleted_at FROM statuses")).rows.filter(
      (s) => ids.has(s.a) && s.deleted_at === null,
    );
    const reports = (
      await db.query("SELECT account_id::text AS a, target_account_id::text AS t, action_taken_at FROM reports")
    ).rows.filter((r) => ids.has(r.a) || ids.has(r.t));
    const format = version === "4.6" ? "8.1" : "6.5";
    const dead = (host: string, i: number) =>
      enqueuedJobJson(format, {
        class: "ActivityPub::DeliveryWorker",
        args: ["{}", 1, `https://${host}/inbox`],
        createdAt: 1_754_480_000_000 + i,
      });
    await t.redis.zadd("dead", "1754480000.5", dead(domain, 1), "1754480001.5", dead("elsewhere.test", 2));

    const d = await getDomainDossier(t.context, domain, { canManage: true });
    expect(d.facts.statuses).toBe(statuses.length);
    expect(d.facts.statuses).toBeGreaterThan(0);
    expect(d.facts.reports.total).toBe(reports.length);
    expect(d.facts.reports.open).toBe(reports.filter((r) => r.action_taken_at === null).length);
    expect(d.facts.reports.total).toBeGreaterThan(d.facts.reports.open);
    expect(d.jobs.problem).toBeNull();
    expect(d.jobs.counts.find((c) => c.source === "dead")).toMatchObject({ matched: 1, exact: true });
    expect(d.figures.accounts.total).toBe(ids.size);
    expect(d.ownBlock).toBeNull();
  });

  it("shows the block history with who made each change and in which batch", async () => {
    const started = Date.now();
    const created = await createDomainBlock(t.context, admin(), { ...fields, domain, severity: "silence" });
    await updateDomainBlock(t.context, admin(), { ...fields, id: created.blockId, severity: "noop" });
    // A change made in Mastodon's own admin: logged, but no Howdah batch.
    await db.query(
      `INSERT INTO admin_action_logs
         (account_id, action, target_type, target_id, human_identifier, created_at, updated_at)
       VALUES ($1, 'update', 'DomainBlock', $2, $3, now() + interval '1 hour', now() + interval '1 hour')`,
      [admin().staff.accountId, created.blockId, domain],
    );
    const d = await getDomainDossier(t.context, domain, { canManage: true });
    expect(d.ownBlock?.severity).toBe("noop");
    // Only what this test did (the generated instance may have logged earlier changes of the domain).
    const ours = d.history.filter((h) => h.at.getTime() >= started - 5_000);
    expect(ours.map((h) => [h.action, h.batch ? h.batch.source : null])).toEqual([
      ["update", null],
      ["update", "form"],
      ["create", "form"],
    ]);
    expect(ours.every((h) => h.actor === admin().staff.acct)).toBe(true);
    expect(ours[1]!.batch!.id).not.toBe(ours[2]!.batch!.id);
    // Without manage_federation the history (names of staff, batches) is left out.
    expect((await getDomainDossier(t.context, domain, { canManage: false })).history).toEqual([]);
  });

  it("is a 404 for a server Mastodon does not know", async () => {
    await expect(getDomainDossier(t.context, "nowhere.example", { canManage: true })).rejects.toThrow(
      /knows no server/,
    );
  });
});
