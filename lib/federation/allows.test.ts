import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { createTestInstance, type FixtureVersion, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { createDomainAllow, listDomainAllows, previewAllowRemoval, removeDomainAllow } from "./allows";

/**
 * Domain allows against facts A8, on both versions: the row, the
 * admin_action_logs row, the instances refresh; removal in limited mode
 * (accounts suspended, 4.4+ moving updated_at and 4.3 not, then
 * AfterUnallowDomainWorker [domain] byte for byte) and outside it (the row only).
 */
describe.each(["4.6", "4.3"] as FixtureVersion[])("domain allows on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const mode = (on: boolean) => {
    (t.context.config.mastodon as { limitedFederationMode: boolean }).limitedFederationMode = on;
  };
  const admin = () => {
    const s = t.generated.signIns.find((x) => x.key === "admin")!;
    return { staff: { accountId: s.accountId, acct: s.username }, ip: null };
  };
  const one = async (sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows[0];

  beforeAll(async () => {
    t = await createTestInstance("allows", version, { LIMITED_FEDERATION_MODE: "true" });
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it("creates an allow as Mastodon does: the row, the log, the view refreshed, no job", async () => {
    expect(t.context.config.mastodon.limitedFederationMode).toBe(true);
    const { change } = await createDomainAllow(t.context, admin(), { domain: " Bücher.Example " });
    expect(change.allow.domain).toBe("xn--bcher-kva.example");
    const row = await one("SELECT *, created_at = updated_at AS same FROM domain_allows WHERE id = $1", [
      change.allow.id,
    ]);
    expect(row.same).toBe(true);
    expect(await one("SELECT * FROM admin_action_logs WHERE id = $1", [change.actionLogId])).toMatchObject({
      action: "create",
      target_type: "DomainAllow",
      target_id: change.allow.id,
      human_identifier: "xn--bcher-kva.example",
      account_id: admin().staff.accountId,
    });
    expect(change.instances?.reason).toBe("new-domain");
    expect(await one("SELECT count(*)::int AS n FROM instances WHERE domain = $1", [change.allow.domain])).toEqual({
      n: 1,
    });
    expect(await t.redis.llen("queue:default")).toBe(0);
    await expect(createDomainAllow(t.context, admin(), { domain: "xn--bcher-kva.example" })).rejects.toThrow(
      /already allowed/,
    );
    await expect(createDomainAllow(t.context, admin(), { domain: "*.bad" })).rejects.toThrow();
    expect((await listDomainAllows(t.context)).rows.map((r) => r.domain)).toContain("xn--bcher-kva.example");
  });

  it("removing an allow in limited mode warns with counts, suspends its accounts, enqueues the worker", async () => {
    mode(true);
    const { domain } = await one(
      `SELECT domain FROM accounts WHERE domain IS NOT NULL AND domain NOT IN (SELECT domain FROM domain_allows)
        GROUP BY domain ORDER BY count(*) DESC LIMIT 1`,
    );
    const local = await one("SELECT id FROM accounts WHERE domain IS NULL AND id > 0 ORDER BY id LIMIT 1");
    const remote = await one("SELECT id FROM accounts WHERE domain = $1 ORDER BY id LIMIT 1", [domain]);
    await db.query(
      "INSERT INTO reports (account_id, target_account_id, created_at, updated_at) VALUES ($1, $2, now(), now())",
      [local.id, remote.id],
    );
    const { change: created } = await createDomainAllow(t.context, admin(), { domain });
    const accounts = Number((await one("SELECT count(*) AS n FROM accounts WHERE domain = $1", [domain])).n);
    const reports = Number(
      (
        await one(
          `SELECT count(*) AS n FROM reports WHERE account_id IN (SELECT id FROM accounts WHERE domain = $1)
              OR target_account_id IN (SELECT id FROM accounts WHERE domain = $1)`,
          [domain],
        )
      ).n,
    );
    const preview = await previewAllowRemoval(t.context, created.allow.id);
    expect(preview).toMatchObject({ accounts, reports, limitedFederationMode: true });
    expect(preview.warning).toContain(`${accounts.toLocaleString("en")} account`);
    expect(preview.warning).toContain(`${reports.toLocaleString("en")} report`);

    await expect(removeDomainAllow(t.context, admin(), { id: created.allow.id, confirmed: false })).rejects.toThrow(
      /Confirm first/,
    );
    expect(await one("SELECT count(*)::int AS n FROM domain_allows WHERE id = $1", [created.allow.id])).toEqual({
      n: 1,
    });

    const before = (await db.query("SELECT id, updated_at FROM accounts WHERE domain = $1", [domain])).rows;
    const { change } = await removeDomainAllow(t.context, admin(), { id: created.allow.id, confirmed: true });
    expect(change.suspendedAccounts).toBe(accounts);
    const after = (await db.query("SELECT id, suspended_at, updated_at FROM accounts WHERE domain = $1", [domain]))
      .rows;
    expect(after.every((a) => a.suspended_at !== null)).toBe(true);
    const moved = after.filter((a) => {
      const b = before.find((x) => x.id === a.id)!;
      return b.updated_at.getTime() !== a.updated_at.getTime();
    }).length;
    expect(moved).toBe(version === "4.3" ? 0 : accounts);
    expect(await one("SELECT count(*)::int AS n FROM domain_allows WHERE id = $1", [created.allow.id])).toEqual({
      n: 0,
    });
    expect(await one("SELECT * FROM admin_action_logs WHERE id = $1", [change.actionLogId])).toMatchObject({
      action: "destroy",
      target_type: "DomainAllow",
      target_id: created.allow.id,
      human_identifier: domain,
    });
    const raw = (await t.redis.lrange("queue:default", 0, -1)).at(-1)!;
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    const ms = (key: string) => (version === "4.6" ? Number(parsed[key]) : Math.round(Number(parsed[key]) * 1000));
    expect(raw).toBe(
      enqueuedJobJson(version === "4.6" ? "8.1" : "6.5", {
        class: "AfterUnallowDomainWorker",
        args: [domain],
        via: "perform_async",
        jid: parsed.jid as string,
        createdAt: ms("created_at"),
        enqueuedAt: ms("enqueued_at"),
      }),
    );
  });

  it("outside limited mode removing an allow deletes only the row", async () => {
    mode(false);
    try {
      const { domain } = await one(
        `SELECT domain FROM accounts WHERE domain IS NOT NULL AND suspended_at IS NULL
            AND domain NOT IN (SELECT domain FROM domain_allows)
          GROUP BY domain ORDER BY count(*) DESC LIMIT 1`,
      );
      const { change: created } = await createDomainAllow(t.context, admin(), { domain });
      const queued = await t.redis.llen("queue:default");
      expect((await previewAllowRemoval(t.context, created.allow.id)).warning).toMatch(/not in limited federation/);
      const { change } = await removeDomainAllow(t.context, admin(), { id: created.allow.id, confirmed: false });
      expect(change.suspendedAccounts).toBe(0);
      expect(change.job).toBeNull();
      expect(await t.redis.llen("queue:default")).toBe(queued);
      expect(
        await one("SELECT count(*)::int AS n FROM accounts WHERE domain = $1 AND suspended_at IS NOT NULL", [domain]),
      ).toEqual({ n: 0 });
    } finally {
      mode(true);
    }
  });
});
