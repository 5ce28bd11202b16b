import type pg from "pg";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { TEST_REDIS_URL } from "@/dev/testing/test-services";
import { HowdahError } from "@/lib/errors";
import { readStoredYaml } from "./settings";

/**
 * The three retention settings written through the gateway against generated
 * 4.3 and 4.6 instances: the exact `settings` rows Mastodon's form leaves
 * (Ruby YAML, thing_* NULL on 4.3, one row per var), a missing row for
 * "Mastodon's default", the Rails.cache keys deleted (4.3's namespaced
 * variant, and on CACHE_REDIS_* when set), and a stale write refused whole.
 */
const MD5 = "0123456789abcdef0123456789abcdef";

describe.each(FIXTURE_VERSIONS)("retention settings on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let cache: Redis;

  beforeAll(async () => {
    const cacheDb = 0 + ((Number(process.env.VITEST_POOL_ID ?? "1") % 5) + 2);
    cache = new Redis(`${TEST_REDIS_URL}/${cacheDb}`);
    const extra: Record<string, string> = { CACHE_REDIS_URL: `${TEST_REDIS_URL}/${cacheDb}` };
    if (version === "4.3") extra.REDIS_NAMESPACE = "mstdn";
    t = await createTestInstance("retention_settings", version, extra);
    db = testPool(t.connectionString);
  }, 600_000);
  afterAll(async () => {
    await cache?.flushdb();
    cache?.disconnect();
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await cache.flushdb();
  });

  const rows = async (name: string) =>
    (
      await db.query(
        version === "4.3"
          ? "SELECT var, value, thing_type, thing_id, created_at, updated_at FROM settings WHERE var = $1 ORDER BY id"
          : "SELECT var, value, created_at, updated_at FROM settings WHERE var = $1 ORDER BY id",
        [name],
      )
    ).rows;
  const gateway = () => t.context.mastodon.retention;

  it("reads the generated values: media 30 days, content unset (off), archives unset (7-day default)", async () => {
    const settings = await gateway().readSettings();
    const byVar = Object.fromEntries(settings.map((s) => [s.var, s]));
    expect(byVar.media_cache_retention_period).toMatchObject({ raw: "--- 30\n", effectiveDays: 30 });
    expect(byVar.content_cache_retention_period).toMatchObject({ raw: null, state: { kind: "default" } });
    expect(byVar.content_cache_retention_period!.effectiveDays).toBeNull();
    expect(byVar.backups_retention_period).toMatchObject({ raw: null, effectiveDays: 7 });
  });

  it("writes days as Ruby YAML, inserts a missing row with thing_* NULL, and deletes the cached values", async () => {
    const ns = version === "4.3" ? "mstdn_cache" : "cache";
    await cache.set(`${ns}:rails_settings_cached/${MD5}/content_cache_retention_period`, "x");
    await cache.set(`${ns}:rails_settings_cached/${MD5}/media_cache_retention_period`, "x");
    await cache.set(`${ns}:rails_settings_cached/${MD5}/site_title`, "kept");
    // The main Redis is not the cache here: a key there is not Mastodon's cache and stays.
    await t.redis.set(`cache:rails_settings_cached/${MD5}/content_cache_retention_period`, "main");

    const result = await gateway().writeSettings([
      { var: "content_cache_retention_period", expectedRaw: null, target: { kind: "days", days: 90 } },
      { var: "media_cache_retention_period", expectedRaw: "--- 30\n", target: { kind: "days", days: 14 } },
    ]);

    const content = await rows("content_cache_retention_period");
    expect(content).toHaveLength(1);
    expect(content[0].value).toBe("--- 90\n");
    expect(content[0].created_at).toEqual(content[0].updated_at);
    if (version === "4.3") expect([content[0].thing_type, content[0].thing_id]).toEqual([null, null]);
    const media = await rows("media_cache_retention_period");
    expect(media.map((r) => r.value)).toEqual(["--- 14\n"]);
    expect(result.deletedCacheKeys.sort()).toEqual([
      `${ns}:rails_settings_cached/${MD5}/content_cache_retention_period`,
      `${ns}:rails_settings_cached/${MD5}/media_cache_retention_period`,
    ]);
    expect(await cache.keys("*")).toEqual([`${ns}:rails_settings_cached/${MD5}/site_title`]);
    expect(await t.redis.get(`cache:rails_settings_cached/${MD5}/content_cache_retention_period`)).toBe("main");
    expect(result.before.find((s) => s.var === "media_cache_retention_period")?.raw).toBe("--- 30\n");
    expect(result.after.find((s) => s.var === "media_cache_retention_period")?.effectiveDays).toBe(14);
  });

  it("disabled stores Mastodon's blank (--- '') and default deletes the row", async () => {
    await gateway().writeSettings([
      { var: "backups_retention_period", expectedRaw: null, target: { kind: "disabled" } },
    ]);
    expect((await rows("backups_retention_period")).map((r) => r.value)).toEqual(["--- ''\n"]);
    let backups = (await gateway().readSettings()).find((s) => s.var === "backups_retention_period")!;
    expect(backups.state.kind).toBe("disabled");
    expect(backups.effectiveDays).toBeNull();

    await gateway().writeSettings([
      { var: "backups_retention_period", expectedRaw: "--- ''\n", target: { kind: "default" } },
    ]);
    expect(await rows("backups_retention_period")).toEqual([]);
    backups = (await gateway().readSettings()).find((s) => s.var === "backups_retention_period")!;
    expect(backups.effectiveDays).toBe(7);
  });

  it("refuses the whole write when a value changed since the page loaded", async () => {
    const before = await db.query("SELECT id, var, value, updated_at FROM settings ORDER BY id");
    await cache.set(`cache:rails_settings_cached/${MD5}/media_cache_retention_period`, "x");
    const attempt = gateway().writeSettings([
      { var: "content_cache_retention_period", expectedRaw: "--- 90\n", target: { kind: "days", days: 30 } },
      { var: "media_cache_retention_period", expectedRaw: "--- 30\n", target: { kind: "days", days: 60 } },
    ]);
    await expect(attempt).rejects.toBeInstanceOf(HowdahError);
    await expect(attempt).rejects.toThrow(/media_cache_retention_period was changed by someone else/);
    expect((await db.query("SELECT id, var, value, updated_at FROM settings ORDER BY id")).rows).toEqual(before.rows);
    expect(await cache.exists(`cache:rails_settings_cached/${MD5}/media_cache_retention_period`)).toBe(1);
  });

  if (version === "4.3") {
    it("updates every thing-less row of a var on 4.3 and leaves a row with a thing alone", async () => {
      await db.query(
        `INSERT INTO settings (var, value, thing_type, thing_id, created_at, updated_at) VALUES
         ('media_cache_retention_period', '--- 14' || chr(10), NULL, NULL, now(), now()),
         ('media_cache_retention_period', '--- 5' || chr(10), 'User', 1, now(), now())`,
      );
      await gateway().writeSettings([
        { var: "media_cache_retention_period", expectedRaw: "--- 14\n", target: { kind: "days", days: 21 } },
      ]);
      expect((await rows("media_cache_retention_period")).map((r) => [r.value, r.thing_type])).toEqual([
        ["--- 21\n", null],
        ["--- 21\n", null],
        ["--- 5\n", "User"],
      ]);
    });
  }
});

describe("readStoredYaml, as Setting.[] and ContentRetentionPolicy read a value", () => {
  it.each([
    ["--- 30\n", { kind: "days", days: 30 }],
    ["--- ''\n", { kind: "disabled" }],
    ["--- '30'\n", { kind: "disabled" }],
    ["--- 0\n", { kind: "disabled" }],
    ["--- -3\n", { kind: "disabled" }],
    ["", { kind: "disabled" }],
    ["--- \n...\n", { kind: "disabled" }],
  ])("%j", (raw, expected) => {
    expect(readStoredYaml(raw)).toMatchObject(expected);
  });
  it("a missing row is the default", () => expect(readStoredYaml(null)).toEqual({ kind: "default" }));
});
