import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { HowdahError } from "@/lib/errors";
import { listAuditPage } from "@/lib/store/audit";
import { createBlockInput, createDomainBlock, removeDomainBlock, updateDomainBlock, type BlockActor } from "./manage";

/**
 * Every domain block write against generated 4.3 and 4.6 instances, compared
 * with what Mastodon leaves (facts A1–A4): the domain_blocks row, the
 * admin_action_logs row, the exact DomainBlockWorker job bytes for the
 * version's Sidekiq, the instances view, the accounts a removal releases,
 * and Howdah's audit entry with the previous state. Bad input and the guard
 * change nothing.
 */
const defaults = {
  severity: "silence" as const,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: false,
};

describe.each(FIXTURE_VERSIONS)("domain block writes on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let actor: BlockActor;
  const format = version === "4.6" ? "8.1" : "6.5";

  beforeAll(async () => {
    t = await createTestInstance("blocks_writes", version);
    db = testPool(t.connectionString);
    const admin = t.generated.signIns.find((s) => s.key === "admin")!;
    actor = { staff: { accountId: admin.accountId, acct: admin.username }, ip: "192.0.2.7" };
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  const block = async (domain: string) =>
    (
      await db.query(
        `SELECT *, to_char(created_at, 'YYYY-MM-DD HH24:MI:SS.US') AS created_us,
           to_char(updated_at, 'YYYY-MM-DD HH24:MI:SS.US') AS updated_us FROM domain_blocks WHERE domain = $1`,
        [domain],
      )
    ).rows[0];
  const logsFor = async (id: string | number) =>
    (
      await db.query(
        "SELECT * FROM admin_action_logs WHERE target_type = 'DomainBlock' AND target_id = $1 ORDER BY id",
        [id],
      )
    ).rows;
  const defaultQueue = async () => (await t.redis.lrange("queue:default", 0, -1)).reverse();
  const snapshot = async () => ({
    blocks: (await db.query("SELECT * FROM domain_blocks ORDER BY id")).rows,
    logs: (await db.query("SELECT count(*)::int AS n FROM admin_action_logs")).rows[0].n,
    accounts: (
      await db.query(
        "SELECT md5(string_agg(id || ':' || coalesce(suspended_at::text, '') || ':' || " +
          "coalesce(silenced_at::text, ''), ',' ORDER BY id)) AS h FROM accounts",
      )
    ).rows[0].h,
    jobs: await t.redis.keys("*"),
  });
  const addAccount = async (username: string, domain: string) => {
    const { rows } = await db.query(
      "INSERT INTO accounts (username, domain, created_at, updated_at) " +
        "VALUES ($1, $2, now(), now()) RETURNING id::text AS id",
      [username, domain],
    );
    return rows[0].id as string;
  };

  /** The job must be byte for byte what Sidekiq's client writes for DomainBlockWorker.perform_async(*args). */
  function expectWorkerJob(raw: string, args: (number | boolean)[]) {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(["retry", "queue", "args", "class", "jid", "created_at", "enqueued_at"]);
    const ms = (key: string) => (version === "4.6" ? Number(parsed[key]) : Math.round(Number(parsed[key]) * 1000));
    const expected = enqueuedJobJson(format, {
      class: "DomainBlockWorker",
      args,
      via: "perform_async",
      jid: parsed.jid as string,
      createdAt: ms("created_at"),
      enqueuedAt: ms("enqueued_at"),
    });
    expect(raw).toBe(expected);
    expect(parsed.queue).toBe("default");
    expect(Math.abs(ms("created_at") - Date.now())).toBeLessThan(60_000);
  }

  it("creates a block as Mastodon's create: row, create log, instances refresh, DomainBlockWorker [id]", async () => {
    const result = await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "  Spam-Farm.EXAMPLE/ ",
      rejectMedia: true,
      privateComment: "seen in reports",
      publicComment: "spam",
    });
    const row = await block("spam-farm.example");
    expect(row).toMatchObject({
      severity: 0,
      reject_media: true,
      reject_reports: false,
      obfuscate: false,
      private_comment: "seen in reports",
      public_comment: "spam",
    });
    expect(row.created_us).toBe(row.updated_us);
    expect(result).toMatchObject({ kind: "create", domain: "spam-farm.example", blockId: String(row.id) });
    const logs = await logsFor(row.id);
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      account_id: actor.staff.accountId,
      action: "create",
      target_type: "DomainBlock",
      human_identifier: "spam-farm.example",
      route_param: null,
      permalink: null,
    });
    // after_create_commit: the view now lists the blocked domain (it had no accounts, so it was absent).
    expect(
      (await db.query("SELECT accounts_count::int AS n FROM instances WHERE domain = $1", ["spam-farm.example"]))
        .rows[0],
    ).toEqual({ n: 0 });
    const jobs = await defaultQueue();
    expect(jobs).toHaveLength(1);
    expectWorkerJob(jobs[0]!, [Number(row.id)]);
    expect(await t.redis.smembers("queues")).toEqual(["default"]);

    const audit = (await listAuditPage(await t.context.store(), { limit: 5 })).rows.find(
      (a) => a.target === "spam-farm.example",
    )!;
    expect(audit).toMatchObject({ action: "domain_block.create", outcome: "ok", actorAcct: actor.staff.acct });
    expect(audit.details).toMatchObject({ source: { kind: "form" }, before: null, actionLogId: String(logs[0].id) });
  });

  it("refuses a suspension without confirmation, then makes it when confirmed", async () => {
    const before = await snapshot();
    await expect(
      createDomainBlock(t.context, actor, { ...defaults, domain: "hostile.example", severity: "suspend" }),
    ).rejects.toMatchObject({ code: "conflict", details: { needsConfirmation: true } });
    expect(await snapshot()).toEqual(before);
    await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "hostile.example",
      severity: "suspend",
      confirmed: true,
    });
    expect(await block("hostile.example")).toMatchObject({ severity: 1 });
  });

  it("upgrades the domain's own block in place: created_at kept, create log, job without the update flag", async () => {
    await createDomainBlock(t.context, actor, { ...defaults, domain: "upgrade.example", publicComment: "x" });
    const first = await block("upgrade.example");
    await new Promise((r) => setTimeout(r, 20));
    await t.redis.flushdb();
    const result = await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "UPGRADE.example",
      severity: "silence",
      rejectReports: true,
      publicComment: "x",
    });
    expect(result.kind).toBe("upgrade");
    const after = await block("upgrade.example");
    expect(after.id).toBe(first.id);
    expect(after.created_us).toBe(first.created_us);
    expect(after.updated_us > first.updated_us).toBe(true);
    expect(after).toMatchObject({ severity: 0, reject_reports: true });
    expect((await logsFor(first.id)).map((l) => l.action)).toEqual(["create", "create"]);
    const jobs = await defaultQueue();
    expect(jobs).toHaveLength(1);
    expectWorkerJob(jobs[0]!, [Number(first.id)]);
    // An upgrade with nothing new still logs and enqueues, but writes no row (a Rails save without changes).
    await t.redis.flushdb();
    await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "upgrade.example",
      rejectReports: true,
      publicComment: "x",
    });
    expect((await block("upgrade.example")).updated_us).toBe(after.updated_us);
    expect(await defaultQueue()).toHaveLength(1);
    const audit = (await listAuditPage(await t.context.store(), { limit: 10 })).rows.filter(
      (a) => a.target === "upgrade.example",
    );
    expect(audit[0]).toMatchObject({ action: "domain_block.upgrade" });
    expect((audit[0]!.details as { before: { rejectReports: boolean } }).before.rejectReports).toBe(true);
    expect((audit[1]!.details as { before: { rejectReports: boolean } }).before.rejectReports).toBe(false);
  });

  it("refuses a looser block on the domain itself or under a stricter parent, changing nothing", async () => {
    await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "parent.example",
      severity: "suspend",
      rejectMedia: true,
      confirmed: true,
    });
    await t.redis.flushdb();
    const before = await snapshot();
    for (const attempt of [
      { domain: "parent.example", severity: "silence" as const },
      { domain: "a.parent.example", severity: "silence" as const, rejectMedia: true },
      { domain: "deep.a.parent.example", severity: "noop" as const, rejectMedia: true },
    ]) {
      const error = await createDomainBlock(t.context, actor, { ...defaults, ...attempt }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HowdahError);
      expect((error as HowdahError).code).toBe("conflict");
      expect((error as HowdahError).message).toMatch(/parent\.example/);
      expect((error as HowdahError).message).toMatch(/Nothing was changed/);
    }
    expect(await snapshot()).toEqual(before);
    // Equal counts as stricter (stricter_than?): an identical block on a sub-domain is accepted.
    await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "same.parent.example",
      severity: "suspend",
      rejectMedia: true,
      confirmed: true,
    });
    expect(await block("same.parent.example")).toMatchObject({ severity: 1 });
    const refused = (await listAuditPage(await t.context.store(), { limit: 20 })).rows.filter(
      (a) => a.outcome === "refused",
    );
    expect(refused.length).toBeGreaterThanOrEqual(3);
  });

  it.each([
    ["https://bad.example/about", /web address.*bad\.example/],
    ["bad.example/users/x", /web address.*bad\.example/],
    ["*.bad.example", /Wildcards.*bad\.example/],
    ["user@bad.example", /account address.*bad\.example/],
    ["bad.example:443", /port/],
    ["bad..example", /empty part/],
    ["bad_host.example", /"_" cannot appear/],
    ["", /Enter a domain/],
    ["a".repeat(64) + ".example", /63 characters/],
  ])("refuses %j with a clear message and changes nothing", async (domain, message) => {
    const before = await snapshot();
    await expect(createDomainBlock(t.context, actor, { ...defaults, domain })).rejects.toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(message),
    });
    expect(await snapshot()).toEqual(before);
  });

  it("stores an IDN in punycode whichever form is typed, and upgrades across forms", async () => {
    const unicode = await createDomainBlock(t.context, actor, { ...defaults, domain: "Bücher.Example" });
    expect(unicode.domain).toBe("xn--bcher-kva.example");
    const again = await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "xn--bcher-kva.example",
      rejectMedia: true,
    });
    expect(again).toMatchObject({ kind: "upgrade", blockId: unicode.blockId });
    // IDNA2003's mapping, as libidn gives Mastodon: ß becomes ss.
    expect((await createDomainBlock(t.context, actor, { ...defaults, domain: "straße.example" })).domain).toBe(
      "strasse.example",
    );
  });

  it("edits as Mastodon's update: created_at kept, update log, DomainBlockWorker [id, severity changed?]", async () => {
    const created = await createDomainBlock(t.context, actor, { ...defaults, domain: "edit.example" });
    const first = await block("edit.example");
    await t.redis.flushdb();
    await updateDomainBlock(t.context, actor, {
      ...defaults,
      id: created.blockId,
      rejectMedia: true,
      obfuscate: true,
      privateComment: "p",
      publicComment: "q",
    });
    let jobs = await defaultQueue();
    expectWorkerJob(jobs[0]!, [Number(created.blockId), false]);
    const edited = await block("edit.example");
    expect(edited).toMatchObject({ reject_media: true, obfuscate: true, private_comment: "p", public_comment: "q" });
    expect(edited.created_us).toBe(first.created_us);
    await t.redis.flushdb();
    await expect(
      updateDomainBlock(t.context, actor, { ...defaults, id: created.blockId, severity: "suspend" }),
    ).rejects.toMatchObject({ details: { needsConfirmation: true } });
    await updateDomainBlock(t.context, actor, {
      ...defaults,
      id: created.blockId,
      severity: "suspend",
      confirmed: true,
    });
    jobs = await defaultQueue();
    expect(jobs).toHaveLength(1);
    expectWorkerJob(jobs[0]!, [Number(created.blockId), true]);
    expect((await logsFor(created.blockId)).map((l) => l.action)).toEqual(["create", "update", "update"]);
    const audit = (await listAuditPage(await t.context.store(), { limit: 5 })).rows.find(
      (a) => a.action === "domain_block.update",
    )!;
    expect(audit.details).toMatchObject({ before: { severity: "silence" }, after: { severity: "suspend" } });
  });

  it("refuses an edit loosening a sub-domain below its parent (Mastodon's edit form does not check)", async () => {
    await createDomainBlock(t.context, actor, { ...defaults, domain: "edgy.example", severity: "silence" });
    const child = await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "x.edgy.example",
      severity: "silence",
    });
    const before = await snapshot();
    await expect(
      updateDomainBlock(t.context, actor, { ...defaults, id: child.blockId, severity: "noop" }),
    ).rejects.toMatchObject({ code: "conflict", message: expect.stringMatching(/edgy\.example.*lift/) });
    expect(await snapshot()).toEqual(before);
  });

  it("removes as UnblockDomainService: only accounts marked with the block's created_at are released", async () => {
    const created = await createDomainBlock(t.context, actor, {
      ...defaults,
      domain: "gone.example",
      severity: "suspend",
      confirmed: true,
    });
    const marked = await addAccount("marked", "gone.example");
    const sub = await addAccount("sub", "a.gone.example");
    const other = await addAccount("other", "gone.example");
    const silenced = await addAccount("quiet", "gone.example");
    const outside = await addAccount("outside", "notgone.example");
    // The view knows gone.example and a.gone.example, not late.gone.example, first seen after its last refresh.
    await db.query("REFRESH MATERIALIZED VIEW instances");
    const stale = await addAccount("late", "late.gone.example");
    // What the worker left: suspended_at = block.created_at, suspension_origin local (0);
    // one account suspended by hand earlier.
    await db.query(
      `UPDATE accounts SET suspended_at = b.created_at, suspension_origin = 0
         FROM domain_blocks b WHERE b.id = $1 AND accounts.id = ANY($2::bigint[])`,
      [created.blockId, [marked, sub, stale, outside]],
    );
    await db.query("UPDATE accounts SET suspended_at = '2020-01-01', suspension_origin = 0 WHERE id = $1", [other]);
    await db.query(
      "UPDATE accounts SET silenced_at = b.created_at FROM domain_blocks b WHERE b.id = $1 AND accounts.id = $2",
      [created.blockId, silenced],
    );
    const updatedBefore = (await db.query("SELECT updated_at FROM accounts WHERE id = $1", [marked])).rows[0]
      .updated_at;
    await t.redis.flushdb();

    const result = await removeDomainBlock(t.context, actor, { id: created.blockId });
    expect(result.kind).toBe("destroy");
    const state = async (id: string) =>
      (
        await db.query("SELECT suspended_at, suspension_origin, silenced_at, updated_at FROM accounts WHERE id = $1", [
          id,
        ])
      ).rows[0];
    for (const id of [marked, sub, stale])
      expect(await state(id)).toMatchObject({ suspended_at: null, suspension_origin: null });
    expect((await state(marked)).updated_at).toEqual(updatedBefore);
    expect((await state(other)).suspended_at).not.toBeNull();
    expect((await state(outside)).suspended_at).not.toBeNull();
    expect((await state(silenced)).silenced_at).toBeNull();
    expect(await block("gone.example")).toBeUndefined();
    const logs = await logsFor(created.blockId);
    expect(logs.map((l) => l.action)).toEqual(["create", "destroy"]);
    expect(logs[1]).toMatchObject({ human_identifier: "gone.example", account_id: actor.staff.accountId });
    expect(await t.redis.keys("*")).toEqual([]);
    const audit = (await listAuditPage(await t.context.store(), { limit: 5 })).rows.find(
      (a) => a.action === "domain_block.destroy",
    )!;
    expect(audit.details).toMatchObject({
      before: { domain: "gone.example", severity: "suspend" },
      after: null,
      lifted: { unsuspended: 3, unsilenced: 1 },
      instances: { reason: "stale-accounts", staleAccounts: 1 },
    });
  });

  it("refuses an unknown severity with a clear message before anything runs", () => {
    const parsed = createBlockInput.safeParse({ ...defaults, domain: "x.example", severity: "ban" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.message).toBe("The severity is silence, suspend or noop.");
  });

  it("answers not found for a block removed meanwhile, changing nothing", async () => {
    const before = await snapshot();
    await expect(removeDomainBlock(t.context, actor, { id: "999999" })).rejects.toMatchObject({ code: "not_found" });
    await expect(updateDomainBlock(t.context, actor, { ...defaults, id: "999999" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await snapshot()).toEqual(before);
  });
});
