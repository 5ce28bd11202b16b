import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { chooseItems, listBatchItems, readBatch, type BatchItemRecord } from "@/lib/store/block-batches";
import { createDomainBlock, updateDomainBlock, type BlockActor } from "../manage";
import { startWorker } from "@/lib/jobs/worker";
import { rollbackPlan, runBlockBatch } from "./batches";
import { previewImport } from "./preview";
import { runBatch, startBatch } from "./run";

/**
 * An import end to end against generated 4.3 and 4.6 instances: the preview
 * sorts every row against real blocks, allows and follows; applying writes
 * what Mastodon's form writes for each row; a rollback leaves domain_blocks
 * and the accounts as they were (updated_at aside: Mastodon has no way to
 * put it back either), logging and queueing what Mastodon would for each
 * step; a batch stopped part-way resumes without doing a row twice.
 */
const form = {
  severity: "silence" as const,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: true,
};
const HEADER = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";

describe.each(FIXTURE_VERSIONS)("blocklist import on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let actor: BlockActor;

  beforeAll(async () => {
    t = await createTestInstance("imports", version);
    db = testPool(t.connectionString);
    const admin = t.generated.signIns.find((s) => s.key === "admin")!;
    actor = { staff: { accountId: admin.accountId, acct: admin.username }, ip: null };
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  const items = async (batchId: string) =>
    (await listBatchItems(await t.context.store(), batchId, { offset: 0, limit: 1000 })).rows;
  const byDomain = (rows: BatchItemRecord[]) => Object.fromEntries(rows.map((r) => [r.domain, r]));
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const rowsByDomain = (rows: any[]): Record<string, any> => Object.fromEntries(rows.map((r) => [r.domain, r]));
  const blocksOf = async (domains: string[]) =>
    (
      await db.query(
        `SELECT id::text, domain, severity, reject_media, reject_reports, obfuscate, private_comment, public_comment,
           created_at FROM domain_blocks WHERE domain = ANY($1) ORDER BY domain`,
        [domains],
      )
    ).rows;
  const logsSince = async (id: string) =>
    (
      await db.query(
        `SELECT action, human_identifier FROM admin_action_logs
          WHERE target_type = 'DomainBlock' AND id > $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => `${r.action} ${r.human_identifier}`);
  const lastLogId = async () =>
    (await db.query("SELECT coalesce(max(id), 0)::text AS id FROM admin_action_logs")).rows[0].id as string;
  const workerJobs = async () =>
    (await t.redis.lrange("queue:default", 0, -1))
      .reverse()
      .map((raw) => JSON.parse(raw) as { class: string; args: unknown[] })
      .filter((j) => j.class === "DomainBlockWorker")
      .map((j) => j.args);
  const addRemoteAccount = async (username: string, domain: string) =>
    (
      await db.query(
        "INSERT INTO accounts (username, domain, created_at, updated_at) VALUES ($1, $2, now(), now()) RETURNING id",
        [username, domain],
      )
    ).rows[0].id as string;

  it("sorts every row: every class of row, and flags the rows that sever follows", async () => {
    for (const [domain, fields] of [
      ["parent.imptest", { severity: "suspend" }],
      ["own.imptest", { severity: "silence" }],
      ["strict.imptest", { severity: "suspend" }],
      ["same.imptest", { severity: "silence", rejectMedia: true }],
    ] as const) {
      await createDomainBlock(t.context, actor, { ...form, ...fields, domain });
    }
    await db.query(
      "INSERT INTO domain_allows (domain, created_at, updated_at) VALUES ('allowed.imptest', now(), now())",
    );
    const remote = await addRemoteAccount("friend", "followed.imptest");
    const local = (await db.query("SELECT id FROM accounts WHERE domain IS NULL ORDER BY id LIMIT 1")).rows[0].id;
    await db.query(
      "INSERT INTO follows (account_id, target_account_id, created_at, updated_at) VALUES ($1, $2, now(), now())",
      [local, remote],
    );
    await t.redis.flushdb();

    const file = [
      HEADER,
      "fresh.imptest,silence,false,false,,false", // 2 new
      "own.imptest,suspend,false,false,,false", // 3 stricter
      "strict.imptest,silence,false,false,,false", // 4 looser
      "same.imptest,silence,true,false,,false", // 5 unchanged
      "sub.parent.imptest,silence,false,false,,false", // 6 covered: looser than the parent, refused
      "allowed.imptest,suspend,false,false,,false", // 7 allowed
      "not a domain,suspend,false,false,,false", // 8 malformed
      "followed.imptest,suspend,false,false,,false", // 9 new, severs a follow
      "child.fresh.imptest,silence,false,false,,false", // 10 covered by line 2
    ].join("\r\n");
    const preview = await previewImport(t.context, actor, { name: "list.csv", content: Buffer.from(file) });
    const rows = byDomain(await items(preview.batchId));
    const summary = (d: string) => [rows[d]!.line, rows[d]!.class, rows[d]!.selected, rows[d]!.fields !== null];
    expect(summary("fresh.imptest")).toEqual([2, "new", true, true]);
    expect(summary("own.imptest")).toEqual([3, "stricter", true, true]);
    expect(summary("strict.imptest")).toEqual([4, "looser", false, true]);
    expect(summary("same.imptest")).toEqual([5, "unchanged", false, false]);
    expect(summary("sub.parent.imptest")).toEqual([6, "covered", false, false]);
    expect(rows["sub.parent.imptest"]!.note).toMatch(/parent\.imptest is blocked with suspend/);
    expect(summary("allowed.imptest")).toEqual([7, "allowed", false, true]);
    const malformed = rows["not a domain,suspend,false,false,,false"]!;
    expect([malformed.line, malformed.class, malformed.selected, malformed.fields]).toEqual([
      8,
      "malformed",
      false,
      null,
    ]);
    expect(malformed.note).toMatch(/^Line 8: .*contains a space/);
    expect(summary("followed.imptest")).toEqual([9, "new", false, true]);
    expect(rows["followed.imptest"]!.severs).toBe(1);
    expect(rows["followed.imptest"]!.note).toMatch(/Severs 1 follow/);
    expect(summary("child.fresh.imptest")).toEqual([10, "covered", false, true]);
    expect(rows["child.fresh.imptest"]!.note).toMatch(/Line 2 blocks fresh\.imptest/);
    expect(preview.counts).toMatchObject({ new: { rows: 2, selected: 1 }, malformed: { rows: 1, selected: 0 } });
    // Nothing written to Mastodon by a preview.
    expect(await blocksOf(["fresh.imptest", "followed.imptest"])).toEqual([]);
    expect(await workerJobs()).toEqual([]);
  });

  it("asks for a severity for a plain list instead of assuming suspend", async () => {
    const content = Buffer.from("plain-a.imptest\nplain-b.imptest\n");
    await expect(previewImport(t.context, actor, { name: "plain.txt", content })).rejects.toThrow(
      /Choose the severity.*does not assume/,
    );
    const preview = await previewImport(t.context, actor, { name: "plain.txt", content, severity: "silence" });
    const rows = await items(preview.batchId);
    expect(rows.map((r) => [r.domain, r.class, (r.fields as { severity: string }).severity])).toEqual([
      ["plain-a.imptest", "new", "silence"],
      ["plain-b.imptest", "new", "silence"],
    ]);
  });

  it("applies a batch as the form would, then rolls it back to the rows as they were", async () => {
    await createDomainBlock(t.context, actor, {
      ...form,
      domain: "upgrade.rbtest",
      privateComment: "mine, do not touch",
      publicComment: "old",
    });
    await createDomainBlock(t.context, actor, { ...form, domain: "loosen.rbtest", severity: "suspend" });
    const victim = await addRemoteAccount("victim", "created.rbtest");
    const domains = ["created.rbtest", "upgrade.rbtest", "loosen.rbtest"];
    const before = await blocksOf(domains);
    const accountsBefore = (
      await db.query("SELECT id, silenced_at, suspended_at FROM accounts WHERE id = $1", [victim])
    ).rows;
    await t.redis.flushdb();

    const file = [
      HEADER,
      "created.rbtest,silence,true,false,from the list,false",
      "upgrade.rbtest,suspend,false,false,,true",
      "loosen.rbtest,noop,false,false,,false",
    ].join("\n");
    const preview = await previewImport(t.context, actor, { name: "rb.csv", content: Buffer.from(file) });
    const rows = byDomain(await items(preview.batchId));
    const store = await t.context.store();
    // The looser row is not chosen by default; the admin chooses it here.
    expect(await chooseItems(store, preview.batchId, [rows["loosen.rbtest"]!.id], [])).toBe(3);
    const logStart = await lastLogId();
    await startBatch(t.context, preview.batchId, "apply");
    const result = await runBatch(t.context, preview.batchId, "apply");
    expect(result).toMatchObject({ applied: 3, refused: 0 });

    const applied = rowsByDomain(await blocksOf(domains));
    expect(applied["created.rbtest"]).toMatchObject({
      severity: 0,
      reject_media: true,
      public_comment: "from the list",
    });
    // The admin's own private comment stays; created_at stays (the create form's upgrade).
    expect(applied["upgrade.rbtest"]).toMatchObject({
      severity: 1,
      obfuscate: true,
      private_comment: "mine, do not touch",
    });
    expect(applied["upgrade.rbtest"].created_at).toEqual(before.find((b) => b.domain === "upgrade.rbtest").created_at);
    expect(applied["loosen.rbtest"]).toMatchObject({ severity: 2 });
    expect(await logsSince(logStart)).toEqual([
      "create created.rbtest",
      "create upgrade.rbtest",
      "update loosen.rbtest",
    ]);
    const ids = (d: string) => Number(applied[d].id);
    expect(await workerJobs()).toEqual([
      [ids("created.rbtest")],
      [ids("upgrade.rbtest")],
      [ids("loosen.rbtest"), true],
    ]);
    const batch = (await readBatch(store, preview.batchId))!;
    expect(batch).toMatchObject({ state: "done", total: 3, applied: 3, source: "file", sourceRef: "rb.csv" });
    const done = byDomain(await items(preview.batchId));
    expect(done["created.rbtest"]).toMatchObject({ action: "create", previous: null });
    expect(done["upgrade.rbtest"]).toMatchObject({ action: "upgrade", previous: { severity: "silence" } });
    expect(done["loosen.rbtest"]).toMatchObject({ action: "update", previous: { severity: "suspend" } });

    // What DomainBlockWorker would do for the new silence: stamp the block's created_at on the account.
    await db.query(
      "UPDATE accounts SET silenced_at = (SELECT created_at FROM domain_blocks WHERE domain = 'created.rbtest') " +
        "WHERE id = $1",
      [victim],
    );
    await t.redis.flushdb();
    // The plan first, latest step first, with what each step releases.
    const plan = await rollbackPlan(t.context, { id: preview.batchId });
    expect(plan.steps.map((s) => s.domain)).toEqual(["loosen.rbtest", "upgrade.rbtest", "created.rbtest"]);
    expect(plan.steps[2]).toMatchObject({ released: { silenced: 1, suspended: 0 } });
    expect(plan.steps[2]!.step).toMatch(/Remove the block\. 0 suspended and 1 silenced account/);
    const rollbackStart = await lastLogId();
    await startBatch(t.context, preview.batchId, "rollback");
    expect(await runBatch(t.context, preview.batchId, "rollback")).toMatchObject({ reverted: 3 });

    // Backwards: the loosened one restored first, the created one removed last, each with Mastodon's log.
    expect(await logsSince(rollbackStart)).toEqual([
      "update loosen.rbtest",
      "update upgrade.rbtest",
      "destroy created.rbtest",
    ]);
    expect(await workerJobs()).toEqual([
      [ids("loosen.rbtest"), true],
      [ids("upgrade.rbtest"), true],
    ]);
    expect(await blocksOf(domains)).toEqual(before);
    expect((await db.query("SELECT id, silenced_at, suspended_at FROM accounts WHERE id = $1", [victim])).rows).toEqual(
      accountsBefore,
    );
    expect((await readBatch(store, preview.batchId))!).toMatchObject({ state: "rolled_back", reverted: 3 });
  });

  it("keeps the instances view current: accounts in it before the first row, new domains by the end", async () => {
    // An account on a sub-domain seen since the view's last refresh: DomainBlockWorker would skip it.
    await addRemoteAccount("late", "sub.view.rbtest");
    const inView = async (domain: string) =>
      (await db.query("SELECT 1 FROM instances WHERE domain = $1", [domain])).rowCount ?? 0;
    expect(await inView("sub.view.rbtest")).toBe(0);
    const file = [HEADER, "view.rbtest,suspend,false,false,,false", "fresh.view-two.rbtest,silence,false,false,,false"];
    const preview = await previewImport(t.context, actor, { name: "view.csv", content: Buffer.from(file.join("\n")) });
    await startBatch(t.context, preview.batchId, "apply");
    const seenAtFirstRow: number[] = [];
    const result = await runBatch(t.context, preview.batchId, "apply", {
      afterRow: async (done) => {
        if (done === 1) seenAtFirstRow.push(await inView("sub.view.rbtest"));
      },
    });
    expect(result).toMatchObject({ applied: 2, refused: 0 });
    expect(result).not.toHaveProperty("instancesView");
    // Before the first row's job was queued, the late account's domain was in the view…
    expect(seenAtFirstRow).toEqual([1]);
    // …and by the end, both new blocks' domains are (Mastodon's after-create refresh).
    expect(await inView("view.rbtest")).toBe(1);
    expect(await inView("fresh.view-two.rbtest")).toBe(1);
  });

  it("stops part-way as a failed batch that resumes without doing a row twice, and rolls back whole", async () => {
    const domains = Array.from({ length: 8 }, (_, i) => `r${i}.resumetest`);
    const file = [HEADER, ...domains.map((d) => `${d},silence,false,false,,false`)].join("\n");
    const preview = await previewImport(t.context, actor, { name: "resume.csv", content: Buffer.from(file) });
    const store = await t.context.store();
    const logStart = await lastLogId();
    await startBatch(t.context, preview.batchId, "apply");
    const crash = new Error("worker killed");
    await expect(
      // Pages of 3 rows, each one Mastodon transaction: the worker dies after the first page.
      runBatch(t.context, preview.batchId, "apply", {
        pageSize: 3,
        afterRow: (n) => {
          if (n === 3) throw crash;
        },
      }),
    ).rejects.toBe(crash);
    const stopped = (await readBatch(store, preview.batchId))!;
    expect(stopped).toMatchObject({ state: "failed", applied: 3, total: 8 });
    expect(stopped.error).toMatch(/Stopped after 3 row\(s\): worker killed/);
    expect((await blocksOf(domains)).map((b) => b.domain)).toEqual(domains.slice(0, 3));

    // A crash between a row's write and its record: the 4th block exists, its row only says "started".
    const fourth = (await items(preview.batchId)).find((r) => r.domain === domains[3])!;
    await store.pool.query("UPDATE howdah.block_batch_items SET started_at = now(), previous = 'null' WHERE id = $1", [
      fourth.id,
    ]);
    await createDomainBlock(t.context, actor, { ...form, domain: domains[3]! });

    await expect(startBatch(t.context, preview.batchId, "apply")).resolves.toMatchObject({ state: "running" });
    await runBatch(t.context, preview.batchId, "apply", { pageSize: 3 });
    expect((await readBatch(store, preview.batchId))!).toMatchObject({ state: "done", applied: 8, failed: 0 });
    expect((await blocksOf(domains)).map((b) => b.domain)).toEqual(domains);
    const logs = await logsSince(logStart);
    // One create per domain, and for the 4th a second create on the same row (the form's upgrade, no change).
    for (const d of domains) expect(logs.filter((l) => l === `create ${d}`)).toHaveLength(d === domains[3] ? 2 : 1);
    expect(byDomain(await items(preview.batchId))[domains[3]!]).toMatchObject({ action: "create", previous: null });

    await startBatch(t.context, preview.batchId, "rollback");
    await runBatch(t.context, preview.batchId, "rollback");
    expect(await blocksOf(domains)).toEqual([]);
    await expect(startBatch(t.context, preview.batchId, "apply")).rejects.toThrow(/rolled back/);
  });

  it("applies and rolls back through Howdah's worker (the block-batch job), its progress in the batch", async () => {
    const domains = ["w1.workertest", "w2.workertest"];
    const file = [HEADER, ...domains.map((d) => `${d},silence,false,false,,false`)].join("\n");
    const preview = await previewImport(t.context, actor, { name: "worker.csv", content: Buffer.from(file) });
    const store = await t.context.store();
    const lines: string[] = [];
    const worker = startWorker(t.context, (line) => lines.push(line));
    const settled = async (state: string) => {
      for (let i = 0; i < 200; i++) {
        const batch = (await readBatch(store, preview.batchId))!;
        if (batch.state === state) return batch;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`batch never reached ${state}: ${lines.join("\n")}`);
    };
    try {
      await runBlockBatch(t.context, { id: preview.batchId }, "apply");
      expect(await settled("done")).toMatchObject({ applied: 2 });
      expect((await blocksOf(domains)).map((b) => b.domain)).toEqual(domains);
      await runBlockBatch(t.context, { id: preview.batchId }, "rollback");
      expect(await settled("rolled_back")).toMatchObject({ reverted: 2 });
      expect(await blocksOf(domains)).toEqual([]);
    } finally {
      await worker.close();
    }
  }, 60_000);

  it("records every form write as a batch of one, which rolls back like an import", async () => {
    const created = await createDomainBlock(t.context, actor, {
      ...form,
      domain: "form.formtest",
      privateComment: "mine",
    });
    const edited = await updateDomainBlock(t.context, actor, {
      ...form,
      id: created.blockId,
      severity: "suspend",
      privateComment: "mine",
    });
    const store = await t.context.store();
    expect(await readBatch(store, edited.batchId)).toMatchObject({
      source: "form",
      state: "done",
      applied: 1,
      actorAcct: actor.staff.acct,
    });
    expect((await items(edited.batchId))[0]).toMatchObject({
      class: "form",
      action: "update",
      blockId: created.blockId,
      previous: { severity: "silence", privateComment: "mine" },
    });
    await t.redis.flushdb();
    await startBatch(t.context, edited.batchId, "rollback");
    await runBatch(t.context, edited.batchId, "rollback");
    expect((await blocksOf(["form.formtest"]))[0]).toMatchObject({ severity: 0, private_comment: "mine" });
    expect(await workerJobs()).toEqual([[Number(created.blockId), true]]);
    await startBatch(t.context, created.batchId, "rollback");
    await runBatch(t.context, created.batchId, "rollback");
    expect(await blocksOf(["form.formtest"])).toEqual([]);
  });

  it("previews 100,000 rows against 5,000 existing blocks with a few set-based reads", async () => {
    await db.query(
      `INSERT INTO domain_blocks (domain, severity, reject_media, reject_reports, obfuscate, created_at, updated_at)
       SELECT 'b' || g || '.bigtest', (g % 3), g % 2 = 0, false, false, now(), now()
         FROM generate_series(1, 5000) g`,
    );
    const lines = [HEADER];
    for (let i = 1; i <= 100_000; i++) {
      const domain = i % 20 === 0 ? `b${i / 20}.bigtest` : i % 20 === 1 ? `x.b${i}.bigtest` : `n${i}.bigtest`;
      lines.push(`${domain},${i % 2 ? "suspend" : "silence"},false,false,,false`);
    }
    const started = performance.now();
    const preview = await previewImport(t.context, actor, { name: "big.csv", content: Buffer.from(lines.join("\n")) });
    const ms = performance.now() - started;
    const t_ = preview.timings;
    console.log(
      `100,000-row preview on ${version}: ${Math.round(ms)} ms (parse ${Math.round(t_.parseMs)}, reads ` +
        `${Math.round(t_.readMs)}, classify ${Math.round(t_.classifyMs)}, store ${Math.round(t_.storeMs)})`,
    );
    const total = Object.values(preview.counts).reduce((n, c) => n + c.rows, 0);
    expect(total).toBe(100_000);
    expect(preview.counts.new!.rows).toBeGreaterThan(80_000);
    expect((preview.counts.stricter?.rows ?? 0) + (preview.counts.unchanged?.rows ?? 0)).toBeGreaterThan(0);
    expect(ms).toBeLessThan(60_000);
  }, 120_000);
});
