import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Permissions } from "@/lib/auth/permissions";
import type { Staff } from "@/lib/auth/current-staff";
import { loadConfig } from "@/lib/config/load-config";
import { createMastodonConnections } from "@/lib/mastodon/connections";
import { createServerContext } from "@/lib/server/context";
import { testEnv } from "@/dev/testing/test-env";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { getOverview } from "./get-overview";

const staff: Staff = {
  userId: "1",
  accountId: "1",
  acct: "owner",
  displayName: "",
  roleName: "Owner",
  permissions: Permissions.fromBits(1),
};

describe.each(FIXTURE_VERSIONS)("overview on Mastodon %s", (version) => {
  let instance: TestInstance;
  let db: pg.Pool;
  beforeAll(async () => {
    instance = await createTestInstance("overview", version);
    db = testPool(instance.connectionString);
  });
  afterAll(async () => {
    await db?.end();
    await instance?.close();
  });

  it("detects the version from schema_migrations and allows writes", async () => {
    const v = await instance.context.mastodon.version();
    expect(v.release).toBe(version);
    expect(v.writable).toBe(true);
    expect(v.sidekiqFormat).toBe(version === "4.3" ? "6.5" : "8.1");
  });

  it("shows counts equal to Mastodon's own definitions, counted directly", async () => {
    const overview = await getOverview(instance.context, staff);
    const one = async (sql: string) => Number((await db.query(sql)).rows[0].n);
    expect(overview.counts?.userCount).toBe(
      await one(
        `SELECT count(*) AS n FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.confirmed_at IS NOT NULL
          AND a.suspended_at IS NULL`,
      ),
    );
    expect(overview.counts?.localAccounts).toBe(
      await one("SELECT count(*) AS n FROM accounts WHERE domain IS NULL AND id <> -99"),
    );
    expect(overview.counts?.pendingReports).toBe(
      await one("SELECT count(*) AS n FROM reports WHERE action_taken_at IS NULL"),
    );
    expect(overview.counts?.knownDomains).toBeGreaterThan(0);
    expect(overview.instance.domain).toBe("howdah.test");
    expect(overview.health.map((h) => [h.name, h.health.ok])).toEqual([
      ["PostgreSQL", true],
      ["Redis", true],
    ]);
  });

  it("serves later loads from the stored sample, not by counting again", async () => {
    const first = await getOverview(instance.context, staff);
    await db.query(
      "UPDATE users SET confirmed_at = NULL WHERE id = (SELECT min(id) FROM users WHERE confirmed_at IS NOT NULL)",
    );
    const second = await getOverview(instance.context, staff);
    expect(second.counts?.takenAt).toEqual(first.counts?.takenAt);
    expect(second.counts?.userCount).toBe(first.counts?.userCount);
  });

  it("keeps reading but refuses writes when the schema is newer than Howdah knows", async () => {
    await db.query("INSERT INTO schema_migrations (version) VALUES ('20991231000000')");
    const fresh = createServerContext(instance.config);
    try {
      const v = await fresh.mastodon.version();
      expect(v.writable).toBe(false);
      expect(v.readOnlyReason).toMatch(/20991231000000, newer than Mastodon 4\.6\.5/);
      const overview = await getOverview(fresh, staff);
      expect(overview.counts?.userCount).toBeGreaterThan(0);
    } finally {
      await db.query("DELETE FROM schema_migrations WHERE version = '20991231000000'");
      await fresh.close();
    }
  });

  it("bounds every query on Mastodon's database with the configured statement timeout", async () => {
    // The gateway's pools, built from the configuration as the gateway builds them.
    const connections = createMastodonConnections(instance.config);
    try {
      const { rows } = await connections.db.query("SHOW statement_timeout");
      expect(rows[0].statement_timeout).toBe("5s");
      const tz = await connections.db.query("SHOW TimeZone");
      expect(tz.rows[0].TimeZone).toBe("UTC");
      await expect(connections.db.query("SELECT pg_sleep(6)")).rejects.toMatchObject({ code: "57014" });
    } finally {
      await connections.close();
    }
  });
});

describe("overview when services are down", () => {
  it("names the service and the reason instead of failing the page", async () => {
    // Port 1 on loopback: nothing listens there, so connections are refused.
    const env = testEnv({
      connectionString: "postgresql://postgres@127.0.0.1:1/none",
      redisDb: 15,
      extra: { REDIS_URL: "redis://127.0.0.1:1/0" },
    });
    const context = createServerContext(loadConfig(env));
    try {
      const overview = await getOverview(context, staff);
      expect(overview.versionProblem).toMatch(/PostgreSQL is unavailable: connection refused/);
      expect(overview.countsProblem).toMatch(/unavailable: connection refused/);
      const byName = Object.fromEntries(overview.health.map((h) => [h.name, h.health]));
      expect(byName.PostgreSQL).toMatchObject({ ok: false, problem: "connection refused" });
      expect(byName.Redis?.ok).toBe(false);
    } finally {
      await context.close();
    }
  });
});
