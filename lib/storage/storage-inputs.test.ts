import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Staff } from "@/lib/auth/current-staff";
import { Permissions, PERMISSION_BITS } from "@/lib/auth/permissions";
import { HowdahError } from "@/lib/errors";
import { storageReconcileJob } from "@/lib/jobs/definitions/storage-reconcile";
import { storageRollupJob } from "@/lib/jobs/definitions/storage-rollup";
import { readMediaRetention } from "@/lib/mastodon/media/retention";
import { collectAll } from "@/lib/metrics/collectors";
import { renderExposition } from "@/lib/metrics/exposition";
import { getOverview } from "@/lib/overview/get-overview";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { getCapacity, setCapacity } from "./capacity";
import { getDomainStorage } from "./domains";
import { getStorageForecast } from "./forecast";
import { domainSchema, rangeInput } from "./inputs";
import { getStoragePage } from "./page-data";

/**
 * Bad input changes nothing and says why; the retention is read as Mastodon
 * reads it on both schema versions; the overview tile, /metrics and the
 * status page's forecast read the stored rollups.
 */
const staff = (bits: number): Staff => ({
  userId: "1",
  accountId: "1",
  acct: "owner",
  displayName: "",
  roleName: "Owner",
  permissions: Permissions.fromRoles(0, bits),
});
const owner = staff(PERMISSION_BITS.administrator);
const viewer = staff(PERMISSION_BITS.view_dashboard);

describe("storage inputs", () => {
  it("takes only Howdah's ranges, with a clear message", () => {
    expect(rangeInput.parse({})).toEqual({ range: "30d" });
    expect(rangeInput.parse({ range: "1y" })).toEqual({ range: "1y" });
    const bad = rangeInput.safeParse({ range: "5y" });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe('The range "5y" is not one Howdah charts; use 7d, 30d, 90d or 1y.');
  });

  it("normalises domains as Mastodon stores them and refuses what is not one", () => {
    expect(domainSchema.parse(" Mastodon.Example. ")).toBe("mastodon.example");
    expect(domainSchema.parse("bücher.example")).toBe("xn--bcher-kva.example");
    expect(domainSchema.parse("localhost:3000")).toBe("localhost:3000");
    for (const bad of ["bad domain", "https://x.example/path", "a@b.example", "", "x".repeat(300)]) {
      const parsed = domainSchema.safeParse(bad);
      expect(parsed.success, bad).toBe(false);
      expect(parsed.error?.issues[0]?.message).toMatch(/is not a server's domain/);
    }
  });
});

describe.each(FIXTURE_VERSIONS)("storage settings and reads on Mastodon %s", (version) => {
  let instance: TestInstance;
  let db: pg.Pool;
  beforeAll(async () => {
    instance = await createTestInstance("storage_inputs", version);
    db = testPool(instance.connectionString);
    await storageRollupJob.run(instance.context, {});
    await storageReconcileJob.run(instance.context, {});
  });
  afterAll(async () => {
    await db?.end();
    await instance?.close();
  });

  it("reads media_cache_retention_period as Mastodon does, and only reads it", async () => {
    expect((await readMediaRetention(db)).days).toBe(30);
    const before = (await db.query("SELECT value, updated_at FROM settings WHERE var = 'media_cache_retention_period'"))
      .rows;
    await db.query("UPDATE settings SET value = E'--- ''30''\\n' WHERE var = 'media_cache_retention_period'");
    const quoted = await readMediaRetention(db);
    expect(quoted.days).toBeNull();
    expect(quoted.explanation).toMatch(/Stored as text/);
    await db.query("UPDATE settings SET value = $1 WHERE var = 'media_cache_retention_period'", [before[0].value]);
    if (version === "4.3") {
      // A per-user row of the same name (thing_type set) is not the instance setting.
      await db.query(
        `INSERT INTO settings (var, value, thing_type, thing_id, created_at, updated_at) VALUES
          ('media_cache_retention_period', E'--- 1\\n', 'User', 1, now(), now())`,
      );
      expect((await readMediaRetention(db)).days).toBe(30);
      await db.query("DELETE FROM settings WHERE thing_type = 'User'");
    }
    expect(
      (await db.query("SELECT value, updated_at FROM settings WHERE var = 'media_cache_retention_period'")).rows,
    ).toEqual(before);
  });

  it("refuses a capacity that is not a size and changes nothing; a good one is stored and audited", async () => {
    const store = await instance.context.store();
    const audits = async () =>
      Number(
        (await store.pool.query("SELECT count(*) AS n FROM howdah.audit_log WHERE action = 'storage.capacity.update'"))
          .rows[0].n,
      );
    const actor = { staff: owner, ip: "203.0.113.5" };
    for (const capacity of ["lots", "500 GX", "-1 TB", "0"]) {
      const error = await setCapacity(store, actor, { capacity, includesDatabase: false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HowdahError);
      expect((error as HowdahError).code).toBe("bad_request");
    }
    expect((await getCapacity(store)).capacityBytes).toBeNull();
    expect(await audits()).toBe(0);

    const saved = await setCapacity(store, actor, { capacity: "500 GB", includesDatabase: true });
    expect(saved).toMatchObject({ capacityBytes: 500e9, includesDatabase: true, updatedBy: "owner" });
    expect(await audits()).toBe(1);
    const { rows } = await store.pool.query(
      "SELECT actor_acct, target, details, ip FROM howdah.audit_log WHERE action = 'storage.capacity.update'",
    );
    expect(rows[0]).toMatchObject({
      actor_acct: "owner",
      target: "466 GiB",
      ip: "203.0.113.5",
      details: { from: null, to: 500e9, includesDatabase: true },
    });

    await expect(setCapacity(store, actor, { capacity: "five hundred", includesDatabase: false })).rejects.toThrow(
      /"five hundred" is not a size/,
    );
    expect((await getCapacity(store)).capacityBytes).toBe(500e9);
    expect(await audits()).toBe(1);

    const page = await getStoragePage(instance.context, viewer, "30d");
    expect(page.capacity.capacityBytes).toBe(500e9);
    expect(page.canEditCapacity).toBe(false);
    expect((await getStoragePage(instance.context, owner, "30d")).canEditCapacity).toBe(true);
    expect(page.forecast.usedBytes).toBe(page.media.total + page.database.bytes!);
  });

  it("says clearly when a server does not exist, and shows zeros for a known one with no files", async () => {
    await expect(getDomainStorage(instance.context, "nowhere.example", "30d")).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/knows no server called nowhere\.example/),
    });
    await db.query(
      `INSERT INTO domain_blocks (domain, severity, created_at, updated_at) VALUES ('blocked-only.example', 1,
        now(), now())`,
    );
    await db.query("REFRESH MATERIALIZED VIEW instances");
    const known = await getDomainStorage(instance.context, "blocked-only.example", "7d");
    expect(known).toMatchObject({ hasMedia: false, rank: null, totals: { bytes: 0 } });
    expect(known.days).toHaveLength(7);

    const page = await getStoragePage(instance.context, viewer, "30d");
    const top = page.domains[0]!;
    const detail = await getDomainStorage(instance.context, top.domain, "90d");
    expect(detail.totals.bytes).toBe(top.bytes);
    expect(detail.rank).toBe(1);
    expect(detail.totals.added30d).toBe(top.added30d);
    expect(detail.days).toHaveLength(90);
  });

  it("gives the overview's tile and the Storage page the same number for the same label", async () => {
    const added = async () => {
      const [tile, page] = [
        (await getOverview(instance.context, viewer)).storage!,
        await getStoragePage(instance.context, viewer, "30d"),
      ];
      // Media stored, from other servers, added and net growth over 30 days: one definition each.
      expect(tile.media).toEqual({ total: page.media.total, local: page.media.local, remote: page.media.remote });
      expect(tile.growth30d).toEqual({
        days: 30,
        fromDay: expect.any(String),
        added: page.growth.added,
        net: page.growth.net,
      });
      return tile.growth30d.added;
    };
    const before = await added();
    // A user archive made today is a file that arrived: "Added" counts it on both (the tile once left archives out).
    const archive = 3 * 2 ** 30 + 12_345;
    await db.query(
      `INSERT INTO backups (user_id, dump_file_name, dump_content_type, dump_file_size, dump_updated_at, processed,
         created_at, updated_at)
       SELECT min(id), 'archive.zip', 'application/zip', $1, now() AT TIME ZONE 'utc', true,
              now() AT TIME ZONE 'utc', now() AT TIME ZONE 'utc' FROM users`,
      [archive],
    );
    await storageRollupJob.run(instance.context, {});
    expect(await added()).toBe(before + archive);
  });

  it("feeds the overview tile, /metrics and the status page's forecast from the rollups", async () => {
    const page = await getStoragePage(instance.context, viewer, "30d");
    const overview = await getOverview(instance.context, viewer);
    expect(overview.storage?.media.total).toBe(page.media.total);
    expect(overview.storage?.forecast.summary).toBe(page.forecast.summary);
    const moderator = await getOverview(instance.context, staff(PERMISSION_BITS.manage_reports));
    expect(moderator.storage).toBeNull();

    const text = renderExposition(await collectAll(instance.context));
    const local = page.kinds.find((k) => k.kind === "attachments")!.local!;
    expect(text).toContain(`mastodon_media_bytes{kind="attachments",origin="local"} ${local}`);
    expect(text).toMatch(/^mastodon_database_bytes \d+$/m);
    expect(text).toMatch(/^mastodon_redis_memory_bytes \d+$/m);
    expect(text).toContain('howdah_collector_up{collector="storage"} 1');

    const forecast = await getStorageForecast(instance.context);
    expect(forecast.capacityBytes).toBe(500e9);
    expect(["fills", "not_enough_data", "not_at_current_rate", "full"]).toContain(forecast.status);
    expect(forecast.statusLine === null || /^Media storage: full/.test(forecast.statusLine)).toBe(true);
  });
});
