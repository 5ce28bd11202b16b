import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SidekiqWriter, SIDEKIQ_GEM_VERSION } from "@/dev/fixtures/sidekiq";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { parseRedisServerVersion } from "./software-versions";

/**
 * The "action required" counts and software versions, read through the
 * gateway from databases built from Mastodon 4.3's and 4.6's own schemas,
 * against Mastodon's scopes written out here by hand: User.pending,
 * Report.unresolved, Appeal.pending, and Tag.pending_review, which 4.6 (with
 * tag_trends) counts only among trending tags.
 */
describe.each(FIXTURE_VERSIONS)("action required on Mastodon %s", (version) => {
  let instance: TestInstance;
  let db: pg.Pool;
  const count = async (sql: string) => Number((await db.query(sql)).rows[0].n);

  beforeAll(async () => {
    instance = await createTestInstance("action_required", version);
    db = testPool(instance.connectionString);
    // Tags: two pending review, one already reviewed, one never asked for review.
    await db.query(`
      INSERT INTO tags (name, created_at, updated_at, requested_review_at, reviewed_at) VALUES
        ('pendingtrending', now(), now(), now(), NULL),
        ('pendingquiet', now(), now(), now(), NULL),
        ('reviewed', now(), now(), now(), now()),
        ('neverasked', now(), now(), NULL, NULL)`);
    if (version === "4.6") {
      // The trending pending tag trends in two languages: still one tag.
      await db.query(`
        INSERT INTO tag_trends (tag_id, language, score, rank, allowed)
        SELECT id, lang, 1.0, 1, false FROM tags, (VALUES ('en'), ('de')) AS l(lang)
         WHERE name IN ('pendingtrending', 'reviewed')`);
    }
    // One more pending sign-up that is unconfirmed and disabled: Mastodon's scope counts it too.
    await db.query(`UPDATE users SET approved = false, confirmed_at = NULL, disabled = true
      WHERE id = (SELECT max(id) FROM users WHERE approved)`);
  });
  afterAll(async () => {
    await db?.end();
    await instance?.close();
  });

  it("counts what Mastodon's dashboard counts, with each version's hashtag rule", async () => {
    const counts = await instance.context.mastodon.instance.countActionRequired();
    expect(counts.pendingUsers).toBe(await count("SELECT count(*) AS n FROM users WHERE NOT approved"));
    expect(counts.pendingUsers).toBeGreaterThan(1);
    expect(counts.openReports).toBe(await count("SELECT count(*) AS n FROM reports WHERE action_taken_at IS NULL"));
    expect(counts.openReports).toBeGreaterThan(0);
    expect(counts.pendingAppeals).toBe(
      await count("SELECT count(*) AS n FROM appeals WHERE approved_at IS NULL AND rejected_at IS NULL"),
    );
    expect(counts.pendingAppeals).toBeGreaterThan(0);
    // 4.3: every tag pending review; 4.6: only the trending one, once for its two languages.
    expect(counts.pendingTags).toBe(version === "4.3" ? 2 : 1);
  });

  it("reads PostgreSQL's, Redis's and Sidekiq's versions", async () => {
    const gateway = instance.context.mastodon;
    const server = (await db.query("SHOW server_version")).rows[0].server_version as string;
    expect(await gateway.instance.postgresVersion()).toBe(server.split(" ")[0]);
    expect(await gateway.instance.postgresVersion()).toMatch(/^\d+(\.\d+)?$/);
    const info = parseRedisServerVersion(await instance.redis.info("server"));
    expect(await gateway.instance.redisVersion()).toEqual(info);
    expect(info.version).toMatch(/^\d+\.\d+/);

    expect(await gateway.sidekiq.gemVersions()).toEqual([]);
    const format = version === "4.3" ? "6.5" : "8.1";
    const namespace = gateway.sidekiq.describe().namespace ?? undefined;
    const writer = new SidekiqWriter(instance.redis, { format, namespace });
    await writer.writeProcess({ hostname: "sidekiq-1", pid: 11, startedAt: Date.now() - 60_000, beat: Date.now() });
    await writer.writeProcess({ hostname: "sidekiq-2", pid: 12, startedAt: Date.now() - 60_000, beat: Date.now() });
    // Sidekiq 6.5 (Mastodon 4.3) writes no version into the heartbeat; 7.3 and later do.
    expect(await gateway.sidekiq.gemVersions()).toEqual(version === "4.3" ? [] : [SIDEKIQ_GEM_VERSION[format]]);
  });
});

describe("Redis server names", () => {
  it("names Valkey and Dragonfly by their own version, not the Redis one they report", () => {
    expect(parseRedisServerVersion("# Server\r\nredis_version:7.2.4\r\nvalkey_version:8.0.1\r\n")).toEqual({
      name: "Valkey",
      version: "8.0.1",
    });
    expect(parseRedisServerVersion("redis_version:7.4.0\ndragonfly_version:df-v1.21.2\n")).toEqual({
      name: "Dragonfly",
      version: "1.21.2",
    });
    expect(parseRedisServerVersion("redis_version:7.0.15\n")).toEqual({ name: "Redis", version: "7.0.15" });
  });
});
