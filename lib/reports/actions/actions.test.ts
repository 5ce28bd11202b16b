import type pg from "pg";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueuedJobJson, parseJob } from "@/dev/fixtures/sidekiq/formats";
import { addReportCase } from "@/dev/testing/report-fixtures";
import { createTestInstance, FIXTURE_VERSIONS, type TestInstance } from "@/dev/testing/test-instance";
import { testPool } from "@/dev/testing/test-pool";
import { TEST_REDIS_PORT } from "@/dev/testing/test-services";
import { Permissions } from "@/lib/auth/permissions";
import { HowdahError } from "@/lib/errors";
import { canonicalEmailHash } from "@/lib/mastodon/reports/canonical-email";
import { RubyFloat } from "@/lib/mastodon/sidekiq/ruby-json";
import { listAuditPage } from "@/lib/store/audit";
import { bulkReportAction } from "./bulk";
import { performInput, performReportAction, reportActionsFor, type PerformInput, type ReportActor } from "./perform";

/**
 * Every report action against generated 4.3 and 4.6 instances, compared
 * with what Mastodon leaves (facts C1, C2, C5, C6, C8): the rows, the
 * admin_action_logs entries in order, and the exact Sidekiq jobs of the
 * version; two moderators racing; refusals that change nothing.
 */
type Row = Record<string, unknown>;

describe.each(FIXTURE_VERSIONS)("report actions on Mastodon %s", (version) => {
  let t: TestInstance;
  let db: pg.Pool;
  let admin: ReportActor;
  let moderator: ReportActor;
  let reporterId: string;
  const format = version === "4.6" ? "8.1" : "6.5";

  beforeAll(async () => {
    t = await createTestInstance("report_actions", version);
    db = testPool(t.connectionString);
    const roles = (await db.query("SELECT id, permissions::text AS p FROM user_roles")).rows as {
      id: string;
      p: string;
    }[];
    const bits = (id: number) => roles.find((r) => Number(r.id) === id)!.p;
    const staff = (key: "admin" | "moderator", roleId: number): ReportActor => {
      const s = t.generated.signIns.find((x) => x.key === key)!;
      return {
        staff: {
          accountId: s.accountId,
          acct: s.username,
          permissions: Permissions.fromRoles(bits(-99), bits(roleId)),
        },
        ip: "192.0.2.9",
      };
    };
    admin = staff("admin", 2);
    moderator = staff("moderator", 3);
    reporterId = t.generated.signIns.find((x) => x.key === "user")!.accountId;
  }, 600_000);
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => {
    await t.redis.flushdb();
  });

  const view = (actor: ReportActor, id: string) => reportActionsFor(t.context, actor, id);
  const act = async (actor: ReportActor, id: string, input: Omit<PerformInput, "token">, token?: string) =>
    performReportAction(t.context, actor, id, { token: token ?? (await view(actor, id)).token, ...input });
  const report = async (id: string) => (await db.query("SELECT * FROM reports WHERE id = $1", [id])).rows[0] as Row;
  const account = async (id: string) => (await db.query("SELECT * FROM accounts WHERE id = $1", [id])).rows[0] as Row;
  const logsAfter = async (maxId: string) =>
    (
      await db.query(
        "SELECT account_id::text, action, target_type, target_id::text, human_identifier, route_param, permalink " +
          "FROM admin_action_logs WHERE id > $1 ORDER BY id",
        [maxId],
      )
    ).rows as Row[];
  const maxLog = async () =>
    (await db.query("SELECT coalesce(max(id), 0)::text AS id FROM admin_action_logs")).rows[0].id as string;
  const queue = async (name: string) => (await t.redis.lrange(`queue:${name}`, 0, -1)).reverse();
  const newCase = (options: Partial<Parameters<typeof addReportCase>[1]> = {}) =>
    addReportCase(db, { local: true, reporterId, ...options });

  /** The job must be byte for byte what Sidekiq's client writes for Worker.perform_async(*args) on this version. */
  function expectJob(
    raw: string,
    className: string,
    args: unknown[],
    via: "perform_async" | "push_bulk" = "perform_async",
    options?: [string, string][],
  ) {
    const parsed = parseJob(format, raw);
    const ms = (key: string) => {
      const v = parsed.get(key);
      return v instanceof RubyFloat ? Math.round(v.value * 1000) : Number(v);
    };
    expect(raw).toBe(
      enqueuedJobJson(format, {
        class: className,
        args: args as never,
        via,
        options,
        jid: parsed.get("jid") as string,
        createdAt: ms("created_at"),
        enqueuedAt: ms("enqueued_at"),
      }),
    );
  }
  const webhook = (event: string, type: string, id: string) => ["TriggerWebhookWorker", [event, type, BigInt(id)]];
  function expectJobs(raws: string[], expected: (readonly [string, unknown[]] | unknown[])[]) {
    expect(raws.map((r) => JSON.parse(r).class)).toEqual(expected.map((e) => e[0]));
    raws.forEach((raw, i) => expectJob(raw, expected[i]![0] as string, expected[i]![1] as unknown[]));
  }

  it("assigns, unassigns, resolves and reopens as Admin::ReportsController: row, log, webhook", async () => {
    const c = await newCase();
    const id = c.reportIds[0]!;
    const before = await report(id);
    const start = await maxLog();
    for (const action of ["assign_to_self", "unassign", "resolve", "reopen"] as const) {
      await act(admin, id, { action });
    }
    const after = await report(id);
    expect(after.assigned_account_id).toBeNull();
    expect(after.action_taken_at).toBeNull();
    expect((after.updated_at as Date).getTime()).toBeGreaterThan((before.updated_at as Date).getTime());
    expect(await logsAfter(start)).toEqual(
      ["assigned_to_self", "unassigned", "resolve", "reopen"].map((action) => ({
        account_id: admin.staff.accountId,
        action,
        target_type: "Report",
        target_id: id,
        human_identifier: id,
        route_param: null,
        permalink: null,
      })),
    );
    expectJobs(await queue("default"), Array(4).fill(webhook("report.updated", "Report", id)));
    await act(admin, id, { action: "resolve" });
    expect(await report(id)).toMatchObject({ action_taken_by_account_id: admin.staff.accountId });
    const audit = await listAuditPage(await t.context.store(), { action: "report.resolve", limit: 50 });
    expect(audit.rows.some((e) => e.target === `#${id}`)).toBe(true);
  });

  it("refuses a stale token with who did what, and changes nothing", async () => {
    const c = await newCase();
    const id = c.reportIds[0]!;
    const old = (await view(moderator, id)).token;
    await act(admin, id, { action: "assign_to_self" });
    expect(await view(moderator, id)).toMatchObject({ assignedTo: admin.staff.acct, assignedToYou: false });
    const before = await report(id);
    const start = await maxLog();
    await t.redis.flushdb();
    const error = await act(moderator, id, { action: "resolve" }, old).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HowdahError);
    expect((error as HowdahError).status).toBe(409);
    expect((error as HowdahError).message).toContain(`@${admin.staff.acct} assigned the report to themselves`);
    expect((error as HowdahError).message).toContain("Nothing was changed");
    expect(await report(id)).toEqual(before);
    expect(await logsAfter(start)).toEqual([]);
    expect(await t.redis.keys("*")).toEqual([]);
  });

  it("two moderators racing with the same token: one suspension, one strike, one set of jobs", async () => {
    const c = await newCase({ reports: 2 });
    const tokenA = (await view(admin, c.reportIds[0]!)).token;
    const tokenB = (await view(moderator, c.reportIds[1]!)).token;
    const start = await maxLog();
    const outcomes = await Promise.allSettled([
      act(admin, c.reportIds[0]!, { action: "suspend", text: "spam" }, tokenA),
      act(moderator, c.reportIds[1]!, { action: "suspend", text: "spam" }, tokenB),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === "rejected") as PromiseRejectedResult;
    expect((refused.reason as HowdahError).status).toBe(409);
    expect((refused.reason as HowdahError).message).toMatch(/suspended the account/);
    const strikes = await db.query("SELECT * FROM account_warnings WHERE target_account_id = $1", [c.targetId]);
    expect(strikes.rowCount).toBe(1);
    expect((await logsAfter(start)).filter((l) => l.action === "suspend")).toHaveLength(1);
    expect((await queue("pull")).length).toBe(1);
    expect(
      (await db.query("SELECT count(*)::int AS n FROM account_deletion_requests WHERE account_id = $1", [c.targetId]))
        .rows[0].n,
    ).toBe(1);
  });

  it("racing resolves of one report: exactly one resolve log and one webhook", async () => {
    const c = await newCase();
    const id = c.reportIds[0]!;
    const token = (await view(admin, id)).token;
    const start = await maxLog();
    const outcomes = await Promise.allSettled([
      act(admin, id, { action: "resolve" }, token),
      act(moderator, id, { action: "resolve" }, token),
    ]);
    expect(outcomes.filter((o) => o.status === "fulfilled")).toHaveLength(1);
    expect(await logsAfter(start)).toHaveLength(1);
    expect(await queue("default")).toHaveLength(1);
  });

  it("suspends a local account as Admin::AccountAction: logs, rows, strike, open reports resolved, jobs", async () => {
    const c = await newCase({ reports: 2, category: 2000 });
    const [first, second] = c.reportIds as [string, string];
    const sub = new Redis({ host: "127.0.0.1", port: TEST_REDIS_PORT });
    const published: string[] = [];
    await sub.subscribe(`timeline:system:${c.targetId}`);
    sub.on("message", (_channel, message) => published.push(message));
    const start = await maxLog();
    await act(admin, first, { action: "suspend", text: "Repeated abuse", notify: true });

    const logs = await logsAfter(start);
    expect(logs.map((l) => [l.action, l.target_type, l.target_id])).toEqual([
      ["suspend", "Account", c.targetId],
      ["resolve", "Report", first],
      ["resolve", "Report", second],
    ]);
    expect(logs[0]!.human_identifier).toBe(c.acct);
    const a = await account(c.targetId);
    expect(a.suspended_at).not.toBeNull();
    expect(a.suspension_origin).toBe(0);
    const strike = (await db.query("SELECT * FROM account_warnings WHERE target_account_id = $1", [c.targetId]))
      .rows[0] as Row;
    expect(strike).toMatchObject({
      account_id: admin.staff.accountId,
      action: 4000,
      text: "Repeated abuse",
      report_id: first,
      status_ids: c.statusIds,
    });
    const blocks = await db.query(
      "SELECT canonical_email_hash FROM canonical_email_blocks WHERE reference_account_id = $1",
      [c.targetId],
    );
    expect(blocks.rows).toEqual([{ canonical_email_hash: canonicalEmailHash(c.email!) }]);
    expect(canonicalEmailHash("Re.Ported+9@Example.com")).toBe(canonicalEmailHash("reported@example.com"));
    expect(
      (await db.query("SELECT count(*)::int AS n FROM account_deletion_requests WHERE account_id = $1", [c.targetId]))
        .rows[0].n,
    ).toBe(1);
    for (const id of c.reportIds) {
      expect(await report(id)).toMatchObject({ action_taken_by_account_id: admin.staff.accountId });
    }
    const defaults = await queue("default");
    expectJobs(defaults, [
      webhook("account.updated", "Account", c.targetId),
      webhook("report.updated", "Report", first),
      webhook("report.updated", "Report", second),
      [
        "LocalNotificationWorker",
        [BigInt(c.targetId), BigInt(strike.id as string), "AccountWarning", "moderation_warning"],
      ],
    ]);
    const pull = await queue("pull");
    expect(pull).toHaveLength(1);
    expectJob(pull[0]!, "Admin::SuspensionWorker", [BigInt(c.targetId)], "perform_async", [["queue", "pull"]]);
    const mail = JSON.parse((await queue("mailers"))[0]!);
    expect(mail.class).toBe(
      version === "4.6" ? "Sidekiq::ActiveJob::Wrapper" : "ActiveJob::QueueAdapters::SidekiqAdapter::JobWrapper",
    );
    expect(mail.wrapped).toBe("ActionMailer::MailDeliveryJob");
    expect(mail.args[0].arguments).toEqual([
      "UserMailer",
      "warning",
      "deliver_now!",
      {
        args: [
          { _aj_globalid: `gid://mastodon/User/${c.userId}` },
          { _aj_globalid: `gid://mastodon/AccountWarning/${strike.id}` },
        ],
        _aj_ruby2_keywords: ["args"],
      },
    ]);
    await new Promise((r) => setTimeout(r, 50));
    expect(published).toEqual(['{"event":"kill"}']);
    sub.disconnect();
  });

  it("warns with text: strike 0, create log, only this report resolved, notification unless unticked", async () => {
    const c = await newCase({ reports: 2 });
    const start = await maxLog();
    await act(admin, c.reportIds[0]!, { action: "warn", text: "Please stop", notify: false });
    const logs = await logsAfter(start);
    const strike = (
      await db.query("SELECT id::text, action, text FROM account_warnings WHERE target_account_id = $1", [c.targetId])
    ).rows[0];
    expect(strike).toMatchObject({ action: 0, text: "Please stop" });
    expect(logs.map((l) => [l.action, l.target_type, l.target_id])).toEqual([
      ["create", "AccountWarning", strike.id],
      ["resolve", "Report", c.reportIds[0]],
    ]);
    expect((await report(c.reportIds[1]!)).action_taken_at).toBeNull();
    // One checkbox gates the e-mail and the in-app notification (mastodon#32752).
    expectJobs(await queue("default"), [webhook("report.updated", "Report", c.reportIds[0]!)]);
    expect(await queue("mailers")).toEqual([]);
  });

  it("freezes a local account: disable log on User, users.disabled, no account webhook; unfreezes", async () => {
    const c = await newCase();
    const start = await maxLog();
    await act(admin, c.reportIds[0]!, { action: "disable" });
    const logs = await logsAfter(start);
    expect(logs[0]).toMatchObject({
      action: "disable",
      target_type: "User",
      target_id: c.userId,
      human_identifier: c.acct,
      route_param: c.targetId,
    });
    expect((await db.query("SELECT disabled FROM users WHERE id = $1", [c.userId])).rows[0].disabled).toBe(true);
    const classes = (await queue("default")).map((r) => JSON.parse(r).class);
    expect(classes).toEqual(["TriggerWebhookWorker", "LocalNotificationWorker"]);
    expect(JSON.parse((await queue("default"))[0]!).args[0]).toBe("report.updated");
    await t.redis.flushdb();
    await act(admin, c.reportIds[0]!, { action: "enable" });
    expect((await db.query("SELECT disabled FROM users WHERE id = $1", [c.userId])).rows[0].disabled).toBe(false);
    expect((await logsAfter(start)).at(-1)).toMatchObject({ action: "enable", target_type: "User" });
    expect(await queue("default")).toEqual([]);
  });

  it("limits a remote account: no notification, no account webhook; unsilence reverses it", async () => {
    const c = await newCase({ local: false });
    const start = await maxLog();
    const offered = (await view(admin, c.reportIds[0]!)).offered.map((o) => o.key);
    expect(offered).not.toContain("warn");
    expect(offered).not.toContain("disable");
    await act(admin, c.reportIds[0]!, { action: "silence" });
    expect((await account(c.targetId)).silenced_at).not.toBeNull();
    expect((await logsAfter(start)).map((l) => l.action)).toEqual(["silence", "resolve"]);
    expectJobs(await queue("default"), [webhook("report.updated", "Report", c.reportIds[0]!)]);
    await expect(act(admin, c.reportIds[0]!, { action: "silence", notify: true })).rejects.toThrow();
    await t.redis.flushdb();
    await act(admin, c.reportIds[0]!, { action: "unsilence" });
    expect((await account(c.targetId)).silenced_at).toBeNull();
    expect((await logsAfter(start)).at(-1)).toMatchObject({ action: "unsilence", target_type: "Account" });
    expect(await queue("default")).toEqual([]);
  });

  it("unsuspends: deletion request and e-mail block gone, Admin::UnsuspensionWorker, strikes kept", async () => {
    const c = await newCase();
    await act(admin, c.reportIds[0]!, { action: "suspend" });
    await t.redis.flushdb();
    await act(admin, c.reportIds[0]!, { action: "unsuspend" });
    const a = await account(c.targetId);
    expect([a.suspended_at, a.suspension_origin]).toEqual([null, null]);
    const count = async (sql: string) => (await db.query(sql, [c.targetId])).rows[0].n;
    expect(await count("SELECT count(*)::int AS n FROM account_deletion_requests WHERE account_id = $1")).toBe(0);
    expect(await count("SELECT count(*)::int AS n FROM canonical_email_blocks WHERE reference_account_id = $1")).toBe(
      0,
    );
    expect(await count("SELECT count(*)::int AS n FROM account_warnings WHERE target_account_id = $1")).toBe(1);
    expectJobs(await queue("default"), [webhook("account.updated", "Account", c.targetId)]);
    expectJob((await queue("pull"))[0]!, "Admin::UnsuspensionWorker", [BigInt(c.targetId)], "perform_async", [
      ["queue", "pull"],
    ]);
  });

  it("adds notes (1–2,000 characters), note-and-resolve, note-and-reopen; too long changes nothing", async () => {
    const c = await newCase();
    const id = c.reportIds[0]!;
    const start = await maxLog();
    const long = "x".repeat(2001);
    await expect(act(admin, id, { action: "note", content: long })).rejects.toThrow(/at most 2,000 characters/);
    await expect(act(admin, id, { action: "note", content: "   " })).rejects.toThrow(/cannot be empty/);
    expect((await db.query("SELECT count(*)::int AS n FROM report_notes WHERE report_id = $1", [id])).rows[0].n).toBe(
      0,
    );
    await act(admin, id, { action: "note", content: "é".repeat(2000), then: "resolve" });
    expect((await db.query("SELECT content FROM report_notes WHERE report_id = $1", [id])).rows).toHaveLength(1);
    expect((await logsAfter(start)).map((l) => l.action)).toEqual(["resolve"]);
    expect(await queue("default")).toHaveLength(2);
    await act(admin, id, { action: "note", content: "back", then: "reopen" });
    expect((await report(id)).action_taken_at).toBeNull();
    expect((await logsAfter(start)).map((l) => l.action)).toEqual(["resolve", "reopen"]);
  });

  it("checks each action's permission and the role order, changing nothing", async () => {
    const c = await newCase();
    const reportsOnly: ReportActor = {
      staff: { ...moderator.staff, permissions: Permissions.fromBits(16) },
      ip: null,
    };
    const keys = (await view(reportsOnly, c.reportIds[0]!)).offered.map((o) => o.key);
    expect(keys).toEqual(expect.arrayContaining(["assign_to_self", "resolve", "note", "silence", "suspend"]));
    expect(keys).not.toContain("warn");
    await expect(act(reportsOnly, c.reportIds[0]!, { action: "warn" })).rejects.toMatchObject({ status: 403 });
    // Without manage_users the quick action decides: !report.spam?, no choice.
    await expect(act(reportsOnly, c.reportIds[0]!, { action: "silence", notify: false })).rejects.toMatchObject({
      status: 400,
    });
    const staffTarget = await newCase({ roleId: 2 });
    const v = await view(moderator, staffTarget.reportIds[0]!);
    expect(v.offered.map((o) => o.key)).not.toContain("suspend");
    expect(v.notOffered.find((n) => n.key === "suspend")?.because).toMatch(/role is not below yours/);
    await expect(act(moderator, staffTarget.reportIds[0]!, { action: "suspend" })).rejects.toMatchObject({
      status: 409,
    });
    expect((await account(staffTarget.targetId)).suspended_at).toBeNull();
    await expect(view(admin, "999999999")).rejects.toMatchObject({ status: 404 });
    expect(performInput.safeParse({ token: "x", action: "resolve", extra: 1 }).success).toBe(false);
    expect(performInput.safeParse({ token: "x", action: "warning_preset" }).success).toBe(false);
  });

  it("says what it leaves to Mastodon, with the link", async () => {
    const c = await newCase();
    const v = await view(admin, c.reportIds[0]!);
    const sensitive = v.notOffered.find((n) => n.key === "mark_statuses_sensitive");
    expect(sensitive?.because).toMatch(/instance actor/);
    expect(sensitive?.link).toBe(`https://${t.config.mastodon.webDomain}/admin/reports/${c.reportIds[0]}`);
  });

  it("deletes a remote author's reported posts: boosts too, logs, strike 1500, tombstones, RemovalWorker", async () => {
    const c = await newCase({ local: false, reports: 1 });
    const id = c.reportIds[0]!;
    const start = await maxLog();
    await act(admin, id, { action: "delete_statuses", text: "gone" });
    const statuses = await db.query("SELECT id::text, deleted_at FROM statuses WHERE id = ANY($1::bigint[])", [
      [...c.statusIds, c.boostId],
    ]);
    expect(statuses.rows.every((r) => r.deleted_at !== null)).toBe(true);
    const logs = await logsAfter(start);
    expect(logs.map((l) => [l.action, l.target_type, l.target_id])).toEqual([
      ...c.statusIds.map((s) => ["destroy", "Status", s]),
      ["resolve", "Report", id],
    ]);
    expect(logs[0]!.permalink).toMatch(/^https:\/\/remote\d+\.example\/users\//);
    const strike = (await db.query("SELECT action, status_ids, text FROM account_warnings WHERE report_id = $1", [id]))
      .rows[0];
    expect(strike).toEqual({ action: 1500, status_ids: c.statusIds, text: "gone" });
    expect(
      (await db.query("SELECT count(*)::int AS n FROM tombstones WHERE account_id = $1 AND by_moderator", [c.targetId]))
        .rows[0].n,
    ).toBe(2);
    const defaults = await queue("default");
    expect(defaults.map((r) => JSON.parse(r).class)).toEqual([
      "TriggerWebhookWorker",
      "RemovalWorker",
      "RemovalWorker",
    ]);
    c.statusIds.forEach((s, i) =>
      expectJob(
        defaults[i + 1]!,
        "RemovalWorker",
        [
          BigInt(s),
          new Map([
            ["preserve", false],
            ["immediate", true],
          ]),
        ],
        "push_bulk",
      ),
    );
  });

  it("marks a remote author's posts sensitive: 4.3 resolves after every post, 4.6 once", async () => {
    const c = await newCase({ local: false });
    const id = c.reportIds[0]!;
    const start = await maxLog();
    await act(admin, id, { action: "mark_statuses_sensitive" });
    const logs = (await logsAfter(start)).map((l) => l.action);
    expect(logs).toEqual(
      version === "4.3" ? ["update", "resolve", "update", "resolve"] : ["update", "update", "resolve"],
    );
    expect(
      (await db.query("SELECT bool_and(sensitive) AS s FROM statuses WHERE id = ANY($1::bigint[])", [c.statusIds]))
        .rows[0].s,
    ).toBe(true);
    expect((await db.query("SELECT action FROM account_warnings WHERE report_id = $1", [id])).rows).toEqual([
      { action: 1250 },
    ]);
    expect(await queue("default")).toHaveLength(version === "4.3" ? 2 : 1);
  });

  it("bulk: each report on its own, nothing twice, clear messages", async () => {
    const a = await newCase();
    const b = await newCase();
    await act(admin, b.reportIds[0]!, { action: "resolve" });
    await t.redis.flushdb();
    const start = await maxLog();
    const { results } = await bulkReportAction(t.context, moderator, {
      action: "resolve",
      reportIds: [a.reportIds[0]!, b.reportIds[0]!, a.reportIds[0]!, "999999999", "abc"],
    });
    expect(results.map((r) => r.ok)).toEqual([true, false, false, false, false]);
    expect(results[1]!.message).toMatch(/already resolved/);
    expect(results[2]!.message).toMatch(/twice/);
    expect(results[3]!.message).toMatch(/no report/i);
    expect(await logsAfter(start)).toHaveLength(1);
    expect(await queue("default")).toHaveLength(1);
  });

  it("bulk resolves 500 reports, each once, and refuses 501", async () => {
    const c = await newCase({ reports: 1 });
    await db.query(
      `INSERT INTO reports (account_id, target_account_id, category, comment, status_ids, created_at, updated_at)
       SELECT $1, $2, 1000, '', '{}', now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC' FROM generate_series(1, 499)`,
      [reporterId, c.targetId],
    );
    const ids = (
      await db.query("SELECT id::text AS id FROM reports WHERE target_account_id = $1 ORDER BY id", [c.targetId])
    ).rows.map((r) => r.id as string);
    expect(ids).toHaveLength(500);
    const start = await maxLog();
    const began = Date.now();
    const { results } = await bulkReportAction(t.context, admin, { action: "resolve", reportIds: ids });
    console.info(`bulk resolve of 500 reports on ${version}: ${Date.now() - began} ms`);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await logsAfter(start)).toHaveLength(500);
    expect(await queue("default")).toHaveLength(500);
    const { bulkInput } = await import("./bulk");
    expect(bulkInput.safeParse({ action: "resolve", reportIds: [...ids, "1"] }).success).toBe(false);
  });
});
