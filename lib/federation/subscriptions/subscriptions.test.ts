import http from "node:http";
import type { AddressInfo } from "node:net";
import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { readBatch, listBatchItems } from "@/lib/store/block-batches";
import { listChanges, readSource, writeMergeSettings, type ChangeKind } from "@/lib/store/blocklist-subscriptions";
import { createDomainBlock, updateDomainBlock, type BlockActor } from "../manage";
import { runBatch, startBatch } from "../import/run";
import { applyChanges, dismissChanges } from "./review";
import { createSource, editSource, fetchSourceNow, readFederationSummary, removeSource } from "./sources";
import { syncSubscriptions } from "./sync";

/**
 * Subscriptions end to end on generated 4.3 and 4.6 instances, the lists
 * served by a local HTTP server: conditional fetches, a failing source
 * keeping its last good copy, the consensus and severity rules, the review
 * queue against real blocks, retraction of the subscription's own blocks
 * only, the auto-apply rule, and the applying path leaving the rows,
 * admin_action_logs entries and Sidekiq jobs Mastodon's form leaves.
 */
const HEADER = "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate";
const csv = (rows: [string, string][]) =>
  [HEADER, ...rows.map(([d, s]) => `${d},${s},false,false,,false`)].join("\n") + "\n";

interface Served {
  body: string;
  etag?: string;
  lastModified?: string;
  status?: number;
  contentType?: string;
  hang?: boolean;
}
const served = new Map<string, Served>();
const requests: { path: string; headers: http.IncomingHttpHeaders }[] = [];
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? "/";
    requests.push({ path, headers: req.headers });
    const s = served.get(path);
    if (!s) return void res.writeHead(404).end();
    if (s.hang) return;
    if (s.etag && req.headers["if-none-match"] === s.etag) return void res.writeHead(304).end();
    if (!s.etag && s.lastModified && req.headers["if-modified-since"] === s.lastModified)
      return void res.writeHead(304).end();
    const headers: Record<string, string> = { "content-type": s.contentType ?? "text/csv" };
    if (s.etag) headers.etag = s.etag;
    if (s.lastModified) headers["last-modified"] = s.lastModified;
    res.writeHead(s.status ?? 200, headers).end(s.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const noRule = { addition: false, escalation: false, deescalation: false, retraction: false };
const sourceInput = (name: string, path: string, extra: Record<string, unknown> = {}) => ({
  kind: "url" as const,
  name,
  url: `${base}${path}`,
  enabled: true,
  fetchEveryMinutes: 60,
  autoApply: noRule,
  ...extra,
});
const limits = { timeoutMs: 1000, maxBytes: 1024 * 1024 };
const form = {
  severity: "silence" as const,
  rejectMedia: false,
  rejectReports: false,
  obfuscate: false,
  privateComment: "",
  publicComment: "",
  confirmed: true,
};

describe.each(FIXTURE_VERSIONS)("blocklist subscriptions on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let actor: BlockActor;
  let by: { accountId: string; acct: string };
  let clock = Date.parse("2026-12-01T00:00:00Z");
  // Each sync a day later than the last, so every source is due.
  const sync = (extra: { sourceId?: string } = {}) =>
    syncSubscriptions(t.context, { ...extra, now: new Date((clock += 86_400_000)), limits });

  beforeAll(async () => {
    t = await createTestInstance("subscriptions", version);
    db = testPool(t.connectionString);
    const admin = t.generated.signIns.find((s) => s.key === "admin")!;
    actor = { staff: { accountId: admin.accountId, acct: admin.username }, ip: null };
    by = { accountId: admin.accountId, acct: admin.username };
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    served.clear();
    const store = await t.context.store();
    await store.pool.query("DELETE FROM howdah.blocklist_sources");
    await store.pool.query("DELETE FROM howdah.blocklist_changes");
    // Each test starts with no subscription-made blocks (ownership comes from the batches).
    await store.pool.query("DELETE FROM howdah.block_batches");
    await writeMergeSettings(store, { thresholdKind: "count", thresholdValue: 1, severityRule: "max" });
    await t.redis.flushdb();
  });

  const pending = async () =>
    Object.fromEntries(
      (await listChanges(await t.context.store(), { state: "pending", limit: 1000 })).map((c) => [
        c.domain,
        [c.kind, (c.fields as { severity?: string } | null)?.severity ?? null],
      ]),
    ) as Record<string, [ChangeKind, string | null]>;
  const pendingIds = async (domains: string[]) =>
    (await listChanges(await t.context.store(), { state: "pending", limit: 1000 }))
      .filter((c) => domains.includes(c.domain))
      .map((c) => c.id);
  const blocks = async (suffix: string) =>
    Object.fromEntries(
      (
        await db.query("SELECT id::text, domain, severity FROM domain_blocks WHERE domain LIKE $1 ORDER BY domain", [
          `%${suffix}`,
        ])
      ).rows.map((r) => [r.domain, r.severity]),
    );
  const lastLogId = async () =>
    (await db.query("SELECT coalesce(max(id), 0)::text AS id FROM admin_action_logs")).rows[0].id as string;
  const logsSince = async (id: string) =>
    (
      await db.query(
        `SELECT action, human_identifier, account_id::text AS account_id FROM admin_action_logs
          WHERE target_type = 'DomainBlock' AND id > $1 ORDER BY id`,
        [id],
      )
    ).rows.map((r) => `${r.action} ${r.human_identifier} by ${r.account_id === by.accountId ? "admin" : r.account_id}`);
  const sidekiqJobs = async () =>
    (await t.redis.lrange("queue:default", 0, -1))
      .reverse()
      .map((raw) => JSON.parse(raw) as { class: string; args: unknown[]; created_at: number; retry: boolean })
      .filter((j) => j.class === "DomainBlockWorker");
  /** What the admin's "apply" hands to the worker, run here in the test's process. */
  const applyNow = async (domains: string[]) => {
    const result = await applyChanges(t.context, by, await pendingIds(domains));
    await runBatch(t.context, result.batchId, "apply");
    return result;
  };

  it("fetches with ETag, then Last-Modified validators, and keeps a 304's copy as good", async () => {
    served.set("/etag.csv", { body: csv([["one.etagtest", "suspend"]]), etag: '"e1"' });
    served.set("/lm.csv", { body: csv([["two.etagtest", "silence"]]), lastModified: "Tue, 01 Dec 2026 08:00:00 GMT" });
    const store = await t.context.store();
    const a = await createSource(t.context, by, sourceInput("Etag list", "/etag.csv"));
    const b = await createSource(t.context, by, sourceInput("LM list", "/lm.csv"));
    expect(await sync()).toMatchObject({ fetched: 2, updated: 2, notModified: 0, failed: 0 });
    expect(requests.filter((r) => r.path === "/etag.csv").at(-1)!.headers["if-none-match"]).toBeUndefined();

    const ids = await pendingIds(["one.etagtest", "two.etagtest"]);
    expect(await sync()).toMatchObject({ fetched: 2, updated: 0, notModified: 2 });
    // The same changes keep their rows between rounds: what an admin ticked stays valid.
    expect(await pendingIds(["one.etagtest", "two.etagtest"])).toEqual(ids);
    expect(requests.filter((r) => r.path === "/etag.csv").at(-1)!.headers["if-none-match"]).toBe('"e1"');
    expect(requests.filter((r) => r.path === "/lm.csv").at(-1)!.headers["if-modified-since"]).toBe(
      "Tue, 01 Dec 2026 08:00:00 GMT",
    );
    expect(await readSource(store, a.id)).toMatchObject({ lastStatus: "not_modified", entryCount: 1, etag: '"e1"' });
    expect(await readSource(store, b.id)).toMatchObject({ lastStatus: "not_modified", entryCount: 1 });
    expect(await pending()).toEqual({
      "one.etagtest": ["addition", "suspend"],
      "two.etagtest": ["addition", "silence"],
    });
    // A source not yet due is not fetched.
    const before = requests.length;
    expect(await syncSubscriptions(t.context, { now: new Date(clock + 60_000), limits })).toMatchObject({ fetched: 0 });
    expect(requests.length).toBe(before);
  });

  it("keeps the last good copy when a fetch fails, and says since when and why", async () => {
    served.set("/flaky.csv", { body: csv([["kept.failtest", "suspend"]]) });
    const store = await t.context.store();
    const { id } = await createSource(t.context, by, sourceInput("Flaky", "/flaky.csv"));
    await sync();
    const good = (await readSource(store, id))!;

    served.set("/flaky.csv", { body: "oops", status: 500 });
    expect(await sync()).toMatchObject({ failed: 1 });
    const firstFailure = (await readSource(store, id))!;
    expect(firstFailure).toMatchObject({
      lastStatus: "failed",
      lastError: "The server answered HTTP 500 Internal Server Error.",
      entryCount: 1,
      goodAt: good.goodAt,
    });
    expect(firstFailure.failingSince).toEqual(firstFailure.lastFetchAt);

    served.set("/flaky.csv", { body: "<!doctype html><html><body>Sign in</body></html>", contentType: "text/plain" });
    await sync();
    const html = (await readSource(store, id))!;
    expect(html.lastError).toMatch(/HTML page/);
    expect(html.failingSince).toEqual(firstFailure.failingSince);

    served.set("/flaky.csv", { body: "", hang: true });
    await sync();
    expect((await readSource(store, id))!.lastError).toBe("No complete answer within 1 s.");

    served.set("/flaky.csv", { body: "\u0000\u0001garbage".repeat(100) });
    await sync();
    expect((await readSource(store, id))!.lastError).toMatch(/not a text file/);
    // Throughout, the last good copy still counts in the review queue.
    expect(await pending()).toEqual({ "kept.failtest": ["addition", "suspend"] });

    served.set("/flaky.csv", { body: csv([["kept.failtest", "suspend"]]) });
    await sync();
    expect(await readSource(store, id)).toMatchObject({ lastStatus: "ok", lastError: null, failingSince: null });
  });

  it("reads an uploaded file once, as the import does, and refuses one that is not a list", async () => {
    const upload = (content: string, defaultSeverity: "silence" | null) =>
      createSource(t.context, by, {
        ...sourceInput("Uploaded", "/unused"),
        kind: "file",
        url: null,
        fileName: "list.txt",
        contentBase64: Buffer.from(content).toString("base64"),
        defaultSeverity,
      });
    await expect(upload("plain-a.filetest\nplain-b.filetest\n", null)).rejects.toThrow(/choose the severity/);
    await expect(upload("<html><body>Not found</body></html>", "silence")).rejects.toThrow(/HTML/);
    const { id } = await upload("\uFEFFplain-a.filetest\r\nPLAIN-B.filetest\r\n", "silence");
    const store = await t.context.store();
    expect(await readSource(store, id)).toMatchObject({ kind: "file", entryCount: 2, format: "plain", url: null });
    expect(await pending()).toEqual({
      "plain-a.filetest": ["addition", "silence"],
      "plain-b.filetest": ["addition", "silence"],
    });
    // A file is never fetched.
    expect(await sync()).toMatchObject({ fetched: 0 });
    await expect(fetchSourceNow(t.context, { id })).rejects.toThrow(/not fetched/);
  });

  it("merges by consensus and severity rule into additions, escalations and de-escalations", async () => {
    served.set("/1.csv", {
      body: csv([
        ["all.mergetest", "suspend"],
        ["two.mergetest", "silence"],
        ["one.mergetest", "suspend"],
        ["mine.mergetest", "suspend"],
      ]),
    });
    served.set("/2.csv", {
      body: csv([
        ["all.mergetest", "silence"],
        ["two.mergetest", "silence"],
        ["mine.mergetest", "suspend"],
      ]),
    });
    served.set("/3.csv", { body: csv([["all.mergetest", "silence"]]) });
    // The admin's own silence on mine.mergetest: two lists ask for suspend (an escalation).
    await createDomainBlock(t.context, actor, { ...form, domain: "mine.mergetest" });
    const store = await t.context.store();
    for (const n of [1, 2, 3]) await createSource(t.context, by, sourceInput(`List ${n}`, `/${n}.csv`));
    await writeMergeSettings(store, { thresholdKind: "count", thresholdValue: 2, severityRule: "max" });
    await sync();
    expect(await pending()).toEqual({
      "all.mergetest": ["addition", "suspend"],
      "mine.mergetest": ["escalation", "suspend"],
      "two.mergetest": ["addition", "silence"],
    });
    await writeMergeSettings(store, { thresholdKind: "share", thresholdValue: 100, severityRule: "majority" });
    await sync();
    expect(await pending()).toEqual({ "all.mergetest": ["addition", "silence"] });
    await writeMergeSettings(store, { thresholdKind: "count", thresholdValue: 1, severityRule: "min" });
    await sync();
    expect((await pending())["all.mergetest"]).toEqual(["addition", "silence"]);
    expect((await pending())["one.mergetest"]).toEqual(["addition", "suspend"]);

    // The subscription's own block, later listed looser: a de-escalation. The admin's never is.
    await writeMergeSettings(store, { thresholdKind: "count", thresholdValue: 1, severityRule: "max" });
    await sync();
    await applyNow(["one.mergetest"]);
    served.set("/1.csv", {
      body: csv([
        ["one.mergetest", "silence"],
        ["mine.mergetest", "noop"],
      ]),
    });
    served.set("/2.csv", { body: csv([["mine.mergetest", "noop"]]) });
    await sync();
    const now = await pending();
    expect(now["one.mergetest"]).toEqual(["deescalation", "silence"]);
    expect(now["mine.mergetest"]).toBeUndefined();

    // Dismissed changes are not proposed again while the lists ask the same.
    await dismissChanges(t.context, by, await pendingIds(["one.mergetest"]));
    await sync();
    expect((await pending())["one.mergetest"]).toBeUndefined();
  });

  it("applies chosen changes as a subscription batch (Mastodon's rows, logs, jobs); retracts its own", async () => {
    await createDomainBlock(t.context, actor, { ...form, domain: "esc.applytest" });
    await createDomainBlock(t.context, actor, { ...form, domain: "hand.applytest", severity: "suspend" });
    served.set("/list.csv", {
      body: csv([
        ["new.applytest", "silence"],
        ["esc.applytest", "suspend"],
        ["hand.applytest", "suspend"],
        ["gone.applytest", "suspend"],
        ["adopted.applytest", "silence"],
      ]),
    });
    await createSource(t.context, by, sourceInput("Shared list", "/list.csv"));
    await sync();
    expect(await pending()).toEqual({
      "adopted.applytest": ["addition", "silence"],
      "esc.applytest": ["escalation", "suspend"],
      "gone.applytest": ["addition", "suspend"],
      "new.applytest": ["addition", "silence"],
    });
    await t.redis.flushdb();
    const start = await lastLogId();
    const { batchId } = await applyNow(["new.applytest", "esc.applytest", "gone.applytest", "adopted.applytest"]);
    const store = await t.context.store();
    expect(await readBatch(store, batchId)).toMatchObject({
      source: "subscription",
      state: "done",
      applied: 4,
      actorAcct: by.acct,
    });
    expect(await blocks(".applytest")).toEqual({
      "adopted.applytest": 0,
      "esc.applytest": 1,
      "gone.applytest": 1,
      "hand.applytest": 1,
      "new.applytest": 0,
    });
    // Mastodon's create form: `create` for a new block and for the upgrade of an existing one.
    expect(await logsSince(start)).toEqual([
      "create adopted.applytest by admin",
      "create esc.applytest by admin",
      "create gone.applytest by admin",
      "create new.applytest by admin",
    ]);
    const jobs = await sidekiqJobs();
    expect(jobs.map((j) => j.args.length)).toEqual([1, 1, 1, 1]);
    expect(jobs.every((j) => j.retry === true)).toBe(true);
    // Sidekiq 6.5 (4.3) writes float seconds, Sidekiq 8 (4.6) integer milliseconds.
    for (const j of jobs) {
      if (version === "4.3") expect(j.created_at).toBeLessThan(1e11);
      else expect(Number.isInteger(j.created_at) && j.created_at > 1e12).toBe(true);
    }
    const privateComment = (await db.query("SELECT private_comment FROM domain_blocks WHERE domain = 'new.applytest'"))
      .rows[0].private_comment;
    expect(privateComment).toBe("Blocked by Howdah's blocklist subscription (Shared list).");
    expect(await pending()).toEqual({});

    // The admin takes over adopted.applytest by editing it; gone.applytest is later removed and blocked again by hand.
    const adopted = (await db.query("SELECT id::text FROM domain_blocks WHERE domain = 'adopted.applytest'")).rows[0]
      .id as string;
    await updateDomainBlock(t.context, actor, { ...form, id: adopted, rejectMedia: true });
    const gone = (await db.query("SELECT id::text FROM domain_blocks WHERE domain = 'gone.applytest'")).rows[0]
      .id as string;
    await db.query("DELETE FROM domain_blocks WHERE id = $1", [gone]);
    await createDomainBlock(t.context, actor, { ...form, domain: "gone.applytest", severity: "suspend" });

    // The list drops everything: only new.applytest is still the subscription's to retract.
    served.set("/list.csv", { body: csv([["other.elsewhere", "silence"]]) });
    await sync();
    const queue = await pending();
    expect(Object.keys(queue).filter((d) => d.endsWith(".applytest"))).toEqual(["new.applytest"]);
    expect(queue["new.applytest"]![0]).toBe("retraction");
    // esc.applytest was the admin's block (the subscription only made it stricter): never retracted.
    await t.redis.flushdb();
    const retractStart = await lastLogId();
    const retraction = await applyNow(["new.applytest"]);
    expect(await logsSince(retractStart)).toEqual(["destroy new.applytest by admin"]);
    expect(await sidekiqJobs()).toEqual([]);
    expect(await blocks(".applytest")).toEqual({
      "adopted.applytest": 0,
      "esc.applytest": 1,
      "gone.applytest": 1,
      "hand.applytest": 1,
    });
    const [row] = (await listBatchItems(store, retraction.batchId, { offset: 0, limit: 10 })).rows;
    expect(row).toMatchObject({ class: "retraction", action: "destroy", previous: { domain: "new.applytest" } });

    // And rolled back like any batch: the block comes back.
    await startBatch(t.context, retraction.batchId, "rollback");
    await runBatch(t.context, retraction.batchId, "rollback");
    expect((await blocks("new.applytest"))["new.applytest"]).toBe(0);

    const summary = await readFederationSummary(t.context);
    expect(summary.bySeverity.suspend).toBeGreaterThanOrEqual(3);
  });

  it("applies what a source's auto-apply rule allows and leaves the rest for review", async () => {
    served.set("/auto.csv", {
      body: csv([
        ["a1.autotest", "silence"],
        ["a2.autotest", "suspend"],
      ]),
    });
    const { id } = await createSource(
      t.context,
      by,
      sourceInput("Auto list", "/auto.csv", { autoApply: { ...noRule, addition: true } }),
    );
    const start = await lastLogId();
    expect(await sync()).toMatchObject({ autoApplied: 2 });
    expect(await blocks(".autotest")).toEqual({ "a1.autotest": 0, "a2.autotest": 1 });
    expect(await logsSince(start)).toEqual(["create a1.autotest by admin", "create a2.autotest by admin"]);
    const applied = await listChanges(await t.context.store(), { state: "applied", limit: 10 });
    expect(applied.filter((c) => c.domain.endsWith(".autotest")).map((c) => c.decidedBy)).toEqual([
      `${by.acct} (auto-apply rule)`,
      `${by.acct} (auto-apply rule)`,
    ]);

    // The list drops a2: a retraction, which the rule ("apply additions, review retractions") leaves pending.
    served.set("/auto.csv", { body: csv([["a1.autotest", "silence"]]) });
    expect(await sync()).toMatchObject({ autoApplied: 0 });
    expect(await pending()).toEqual({ "a2.autotest": ["retraction", "suspend"] });
    expect((await blocks(".autotest"))["a2.autotest"]).toBe(1);

    // With retractions allowed too, the next round applies it.
    await editSource(t.context, by, {
      id,
      ...sourceInput("Auto list", "/auto.csv"),
      autoApply: { ...noRule, addition: true, retraction: true },
    });
    await sync();
    expect(await blocks(".autotest")).toEqual({ "a1.autotest": 0 });
    expect(await pending()).toEqual({});

    // Removing the source makes its remaining block a retraction for review (no rule left to apply it).
    await removeSource(t.context, by, { id });
    expect(await pending()).toEqual({ "a1.autotest": ["retraction", "silence"] });
  });
});
