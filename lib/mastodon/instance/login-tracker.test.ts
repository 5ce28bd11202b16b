// Mastodon's "active users" read from its activity:logins HyperLogLogs, written
// by the fixtures as Mastodon's ActivityTracker writes them, on a real Redis.
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { writeLoginActivity, writeLoginActivityFromUsers } from "@/dev/fixtures/mastodon-redis/login-activity";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { createServerContext, type ServerContext } from "@/lib/server/context";
import { sampleInstance } from "@/lib/overview/instance-sample";

const DAY = 86_400_000;
const NOW = new Date(Date.UTC(2026, 4, 20, 15, 30));
const TODAY = Date.UTC(2026, 4, 20);

describe.each(FIXTURE_VERSIONS)("active users on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  const contexts: { prefix: string; context: ServerContext }[] = [];
  beforeAll(async () => {
    t = await createTestInstance("logins", version);
    db = testPool(t.connectionString);
    contexts.push({ prefix: "", context: t.context });
    if (version === "4.3") {
      const config = { ...t.config, mastodon: { ...t.config.mastodon, redisNamespace: "mastodon" } };
      contexts.push({ prefix: "mastodon:", context: createServerContext(config) });
    }
  });
  afterAll(async () => {
    for (const c of contexts.slice(1)) await c.context.close();
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  it("counts each user once over the 30 UTC days ending today, as one PFCOUNT", async () => {
    for (const { prefix, context } of contexts) {
      await t.redis.flushdb();
      await writeLoginActivity(
        t.redis,
        [
          { userId: 1, at: NOW.getTime() },
          { userId: 2, at: TODAY - 29 * DAY + 1 },
          { userId: 2, at: TODAY - 5 * DAY },
          { userId: 3, at: TODAY - 30 * DAY + 5_000 }, // the 31st day back: outside
          { userId: 4, at: TODAY + DAY + 1 }, // tomorrow (UTC): outside
        ],
        prefix,
      );
      // Keys of the other layout (namespaced vs not) must not be read.
      await writeLoginActivity(t.redis, [{ userId: 9, at: NOW.getTime() }], prefix ? "" : "other:");
      const active = await context.mastodon.instance.countActiveUsers(30, NOW);
      expect(active).toEqual({ count: 2, fromDay: "2026-04-21", toDay: "2026-05-20", days: 30 });
      const key = `${prefix}activity:logins:${TODAY / 1000}`;
      expect(await t.redis.type(key)).toBe("string"); // a HyperLogLog, as PFADD leaves it
      expect(await t.redis.ttl(key)).toBeGreaterThan(180 * 86_400);
    }
  });

  it("is what the worker stores as the overview's active users, not users.current_sign_in_at", async () => {
    const now = Date.now();
    const logins = await writeLoginActivityFromUsers(t.redis, db, { now });
    // Users who came back on other days too: the tracker sees them, current_sign_in_at does not.
    const { rows } = await db.query<{ id: string }>(
      "SELECT id::text FROM users WHERE current_sign_in_at < now() - interval '40 days' ORDER BY id LIMIT 3",
    );
    expect(rows.length).toBeGreaterThan(0);
    await writeLoginActivity(
      t.redis,
      rows.map((r) => ({ userId: r.id, at: now - 2 * DAY })),
    );
    const start = Math.floor(now / DAY) * DAY - 29 * DAY;
    const expected = new Set([...logins.filter((l) => l.at >= start).map((l) => l.userId), ...rows.map((r) => r.id)])
      .size;
    const counts = await sampleInstance(t.context, new Date(now));
    // HyperLogLog is an estimate (0.81% standard error); at this size it is exact or within one or two.
    expect(Math.abs(counts.activeUsers30d - expected)).toBeLessThanOrEqual(Math.max(2, expected * 0.02));
    const bySignIn = Number(
      (
        await db.query(
          `SELECT count(*) AS n FROM users u JOIN accounts a ON a.id = u.account_id WHERE u.confirmed_at IS NOT NULL
            AND a.suspended_at IS NULL AND u.current_sign_in_at > (now() AT TIME ZONE 'utc') - interval '30 days'`,
        )
      ).rows[0].n,
    );
    expect(counts.activeUsers30d).toBeGreaterThan(bySignIn);
  });
});
