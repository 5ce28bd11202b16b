import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { HowdahError } from "@/lib/errors";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { classifySchemaVersion } from "@/lib/mastodon/version";
import { listRelays } from "@/lib/relays/list";
import { getRelayTraffic } from "@/lib/relays/traffic";
import { actOnRelay, addRelay, type RelayActor } from "@/lib/relays/manage";
import {
  createRelaysTestInstance,
  lockRelaysRedis,
  writeDeps,
  type RelaysTestInstance,
  type RelaysTestRedis,
} from "@/dev/testing/relays-test-support";
import { FIXTURE_VERSIONS } from "@/dev/testing/test-instance";
import { DELIVERY_WORKER } from "@/lib/mastodon/sidekiq-client/workers";
import { createRelay } from "./relay-writes";
import { testPool } from "@/dev/testing/test-pool";

/**
 * The relay writes against generated 4.3 and 4.6 instances: rows,
 * admin_action_logs, the exact Sidekiq job per version, the tracker reset,
 * concurrency, refusals. The generated relays are #1 idle, #2 pending,
 * #3 accepted, #4 rejected (dev/fixtures/generator/domains.ts).
 */
const PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const ACTIVITY_ID = /^https:\/\/howdah\.test\/[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

let lock: RelaysTestRedis;
beforeAll(async () => {
  lock = await lockRelaysRedis();
}, 600_000);
afterAll(async () => lock.release());

describe.each(FIXTURE_VERSIONS)("relay writes on Mastodon %s", (version) => {
  let t: RelaysTestInstance;
  let db: pg.Pool;
  let actor: RelayActor;
  const release = version;
  const logs = release !== "4.3";

  beforeAll(async () => {
    t = await createRelaysTestInstance("writes", version);
    db = testPool(t.connectionString);
    const admin = t.generated.signIns.find((s) => s.key === "admin")!;
    actor = { staff: { accountId: admin.accountId, acct: admin.username }, ip: "192.0.2.1" };
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });
  beforeEach(async () => lock.clear());

  const relay = async (id: string) => (await db.query("SELECT * FROM relays WHERE id = $1", [id])).rows[0];
  const relayLogs = async () =>
    (await db.query("SELECT * FROM admin_action_logs WHERE target_type = 'Relay' ORDER BY id")).rows as Record<
      string,
      unknown
    >[];
  const pushJobs = async (prefix = "") => (await lock.redis.lrange(`${prefix}queue:push`, 0, -1)).reverse();
  const relayByUrl = async (url: string) =>
    (await db.query("SELECT * FROM relays WHERE inbox_url = $1", [url])).rows[0];

  /** The job must be byte for byte what Sidekiq's client writes for this version (fixtures' independent builder). */
  function expectExactJob(raw: string, args: [string, number, string]) {
    const parsed = JSON.parse(raw) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual([
      "retry",
      "queue",
      "dead",
      "args",
      "class",
      "jid",
      "created_at",
      "enqueued_at",
    ]);
    const ms = (key: string) => (version === "4.6" ? Number(parsed[key]) : Math.round(Number(parsed[key]) * 1000));
    if (version === "4.6") expect(raw).toMatch(/"created_at":\d{13},"enqueued_at":\d{13}\}$/);
    else expect(raw).toMatch(/"created_at":\d{10}\.\d+,"enqueued_at":\d{10}\.\d+\}$/);
    const expected = enqueuedJobJson(version === "4.6" ? "8.1" : "6.5", {
      class: DELIVERY_WORKER.class,
      args,
      via: "perform_async",
      jid: parsed.jid as string,
      createdAt: ms("created_at"),
      enqueuedAt: ms("enqueued_at"),
    });
    expect(raw).toBe(expected);
    expect(Math.abs(ms("created_at") - Date.now())).toBeLessThan(60_000);
  }

  it("lists the relays in every state with their actor and delivery health", async () => {
    await lock.redis.sadd("exhausted_deliveries:relay.amberfox.example", "20260101", "20260102");
    const list = await listRelays(t.context);
    expect(list.relays.map((r) => r.state)).toEqual(["idle", "pending", "accepted", "rejected"]);
    expect(list.relays.every((r) => r.actor?.acct.startsWith("relay@relay."))).toBe(true);
    expect(list.relays.map((r) => [r.canEnable, r.canDisable])).toEqual([
      [true, false],
      [false, true],
      [false, true],
      [true, false],
    ]);
    expect(list.relays[3]!.health).toEqual({ failureDays: 2, lastFailure: "20260102", unavailableSince: null });
    expect(list.mastodonLogsRelayActions).toBe(logs);
  });

  it("adds a relay as Mastodon's create does: row, create log, Follow job, audit", async () => {
    const before = await relayLogs();
    const result = await addRelay(t.context, actor, { inboxUrl: "  https://Relay.Fresh.example:443/inbox  " });
    const url = "https://relay.fresh.example/inbox";
    const row = await relayByUrl(url);
    expect(row).toMatchObject({ state: 1 });
    expect(row.follow_activity_id).toMatch(ACTIVITY_ID);
    expect(row.updated_at.getTime()).toBeGreaterThanOrEqual(row.created_at.getTime());
    expect(Math.abs(row.created_at.getTime() - Date.now())).toBeLessThan(60_000);
    expect(result).toMatchObject({ relayId: String(row.id), state: "pending" });

    const added = (await relayLogs()).slice(before.length);
    if (logs) {
      expect(added).toHaveLength(1);
      expect(added[0]).toMatchObject({
        account_id: actor.staff.accountId,
        action: "create",
        target_type: "Relay",
        target_id: String(row.id),
        human_identifier: url,
        route_param: null,
        permalink: null,
      });
      expect((added[0]!.created_at as Date).getTime()).toBe((added[0]!.updated_at as Date).getTime());
      expect(Math.abs((added[0]!.created_at as Date).getTime() - Date.now())).toBeLessThan(60_000);
    } else {
      expect(added).toEqual([]); // Mastodon 4.3 logs no relay actions
    }

    const jobs = await pushJobs();
    expect(jobs).toHaveLength(1);
    const follow = `{"@context":"https://www.w3.org/ns/activitystreams","id":"${row.follow_activity_id}","type":"Follow","actor":"https://howdah.test/actor","object":"${PUBLIC}"}`;
    expectExactJob(jobs[0]!, [follow, -99, url]);
    expect(await lock.redis.smembers("queues")).toEqual(["push"]);

    const store = await t.context.store();
    const audit = await store.pool.query(
      "SELECT * FROM howdah.audit_log WHERE action = 'relay.create' ORDER BY id DESC LIMIT 1",
    );
    expect(audit.rows[0]).toMatchObject({
      actor_acct: "admin",
      target_type: "Relay",
      target: url,
      outcome: "ok",
      ip: "192.0.2.1",
    });
    expect(audit.rows[0].details).toMatchObject({
      from: null,
      to: "pending",
      actionLogIds: logs ? [String(added[0]!.id)] : [],
    });
  });

  it("enables an idle relay: pending, new follow id, tracker reset before the Follow job, enable log", async () => {
    const host = "relay.gentleotter.example";
    await lock.redis.sadd(`exhausted_deliveries:${host}`, "20260101", "20260102", "20260103");
    await lock.redis.set("cache:unavailable_domains", "cached-map");
    await db.query("INSERT INTO unavailable_domains (domain, created_at, updated_at) VALUES ($1, now(), now())", [
      host,
    ]);
    const before = await relayLogs();

    await actOnRelay(t.context, actor, { id: "1", action: "enable" });
    const row = await relay("1");
    expect(row.state).toBe(1);
    expect(row.follow_activity_id).toMatch(ACTIVITY_ID);
    expect(await lock.redis.exists(`exhausted_deliveries:${host}`)).toBe(0);
    expect(await lock.redis.exists("cache:unavailable_domains")).toBe(0);
    expect((await db.query("SELECT 1 FROM unavailable_domains WHERE domain = $1", [host])).rowCount).toBe(0);
    // Other hosts' failure records and unavailable rows are untouched.
    expect((await db.query("SELECT count(*)::int AS n FROM unavailable_domains")).rows[0].n).toBeGreaterThan(0);

    const [job] = await pushJobs();
    const follow = `{"@context":"https://www.w3.org/ns/activitystreams","id":"${row.follow_activity_id}","type":"Follow","actor":"https://howdah.test/actor","object":"${PUBLIC}"}`;
    expectExactJob(job!, [follow, -99, row.inbox_url]);
    const added = (await relayLogs()).slice(before.length);
    expect(added.map((l) => [l.action, l.target_id, l.human_identifier])).toEqual(
      logs ? [["enable", "1", row.inbox_url]] : [],
    );
  });

  it("disables an accepted relay with an Undo of its Follow, idle, follow id cleared, disable log", async () => {
    const old = await relay("3");
    expect(old.state).toBe(2);
    const before = await relayLogs();
    await actOnRelay(t.context, actor, { id: "3", action: "disable" });
    const row = await relay("3");
    expect(row).toMatchObject({ state: 0, follow_activity_id: null });
    expect(row.updated_at.getTime()).toBeGreaterThan(old.updated_at.getTime());
    const [job] = await pushJobs();
    const args = JSON.parse(job!).args as [string, number, string];
    const undo = JSON.parse(args[0]) as { id: string; object: unknown };
    expect(undo.id).toMatch(ACTIVITY_ID);
    const expected = `{"@context":"https://www.w3.org/ns/activitystreams","id":"${undo.id}","type":"Undo","actor":"https://howdah.test/actor","object":{"id":"${old.follow_activity_id}","type":"Follow","actor":"https://howdah.test/actor","object":"${PUBLIC}"}}`;
    expectExactJob(job!, [expected, -99, old.inbox_url]);
    const added = (await relayLogs()).slice(before.length);
    expect(added.map((l) => [l.action, l.target_id, l.account_id])).toEqual(
      logs ? [["disable", "3", actor.staff.accountId]] : [],
    );
  });

  it("removes an enabled relay: Undo first (no disable log), then the row and a destroy log", async () => {
    await db.query("UPDATE relays SET state = 2 WHERE id = 3"); // the relay accepted again
    const before = await relayLogs();
    await actOnRelay(t.context, actor, { id: "3", action: "remove" });
    expect(await relay("3")).toBeUndefined();
    const jobs = await pushJobs();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(JSON.parse(jobs[0]!).args[0]).type).toBe("Undo");
    const added = (await relayLogs()).slice(before.length);
    expect(added.map((l) => [l.action, l.target_id])).toEqual(logs ? [["destroy", "3"]] : []);
  });

  it("removes a relay that is not enabled without sending anything", async () => {
    await actOnRelay(t.context, actor, { id: "4", action: "remove" });
    expect(await relay("4")).toBeUndefined();
    expect(await pushJobs()).toEqual([]);
  });

  it("refuses to act on a relay another admin just removed, and changes nothing", async () => {
    const before = await relayLogs();
    for (const action of ["enable", "disable", "remove"] as const) {
      const error = await actOnRelay(t.context, actor, { id: "4", action }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(HowdahError);
      expect(error).toMatchObject({
        code: "not_found",
        message: expect.stringMatching(/no longer exists.*another admin/),
      });
    }
    expect(await relayLogs()).toEqual(before);
    expect(await pushJobs()).toEqual([]);
    const store = await t.context.store();
    const refused = await store.pool.query(
      "SELECT count(*)::int AS n FROM howdah.audit_log WHERE outcome = 'refused' AND target = '#4'",
    );
    expect(refused.rows[0].n).toBe(3);
  });

  it("answers ids at and past PostgreSQL's bigint limit with 404 and 400, never a query error", async () => {
    const largest = await actOnRelay(t.context, actor, { id: "9223372036854775807", action: "disable" }).catch(
      (e: unknown) => e,
    );
    expect(largest).toMatchObject({ code: "not_found", message: expect.stringMatching(/no longer exists/) });
    // Past the zod schema (a caller inside Howdah): the gateway refuses it before any query.
    const past = await actOnRelay(t.context, actor, { id: "9999999999999999999", action: "disable" }).catch(
      (e: unknown) => e,
    );
    expect(past).toMatchObject({
      code: "bad_request",
      message: expect.stringMatching(/from 1 to 9223372036854775807/),
    });
    expect(await pushJobs()).toEqual([]);
  });

  it("lets only one of two simultaneous enables send a Follow", async () => {
    await db.query("UPDATE relays SET state = 3, follow_activity_id = NULL WHERE id = 2"); // rejected
    const results = await Promise.allSettled([
      actOnRelay(t.context, actor, { id: "2", action: "enable" }),
      actOnRelay(t.context, actor, { id: "2", action: "enable" }),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    const refused = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    expect(refused?.reason).toMatchObject({ code: "conflict", message: expect.stringMatching(/already sent/) });
    const jobs = await pushJobs();
    expect(jobs).toHaveLength(1);
    expect(JSON.parse(JSON.parse(jobs[0]!).args[0]).id).toBe((await relay("2")).follow_activity_id);
  });

  it.each([
    ["http://relay.plain.example/inbox", "bad_request", /https:\/\//],
    ["relay.example/inbox", "bad_request", /not a URL/],
    ["https://user:secret@relay.creds.example/inbox", "bad_request", /user name or password/],
    ["https://", "bad_request", /not a URL/],
    ["https://howdah.test/inbox", "bad_request", /this server itself/],
    ["HTTPS://RELAY.WOOLLYORBIT.EXAMPLE/inbox", "conflict", /already in the list/],
  ])("refuses %s with a clear message and writes nothing", async (input, code, message) => {
    const [relays, logRows] = [(await db.query("SELECT * FROM relays ORDER BY id")).rows, await relayLogs()];
    const error = await addRelay(t.context, actor, { inboxUrl: input }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect((await db.query("SELECT * FROM relays ORDER BY id")).rows).toEqual(relays);
    expect(await relayLogs()).toEqual(logRows);
    expect(await pushJobs()).toEqual([]);
  });

  it("refuses writes on a Mastodon version Howdah does not know", async () => {
    const deps = { ...(await writeDeps(t.context)), version: classifySchemaVersion("20990101000000") };
    await expect(createRelay(deps, actor.staff, "https://relay.future.example/inbox")).rejects.toMatchObject({
      code: "read_only",
    });
    expect(await relayByUrl("https://relay.future.example/inbox")).toBeUndefined();
    expect(await pushJobs()).toEqual([]);
  });

  it("is hidden in limited federation mode, as in Mastodon", async () => {
    const limited = t.contextWith({ LIMITED_FEDERATION_MODE: "true" });
    await expect(listRelays(limited)).rejects.toMatchObject({
      code: "not_found",
      message: expect.stringMatching(/limited federation mode/),
    });
    await expect(addRelay(limited, actor, { inboxUrl: "https://relay.limited.example/inbox" })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(actOnRelay(limited, actor, { id: "1", action: "disable" })).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await relayByUrl("https://relay.limited.example/inbox")).toBeUndefined();
    expect(await pushJobs()).toEqual([]);
  });

  it("says what happened when Sidekiq's Redis is down after the rows were written", async () => {
    const down = t.contextWith({ SIDEKIQ_REDIS_URL: "redis://127.0.0.1:1/0" });
    const error = await addRelay(down, actor, { inboxUrl: "https://relay.nosidekiq.example/inbox" }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({
      code: "unavailable",
      message: expect.stringMatching(/waiting for approval in Mastodon's database.*Follow was not sent/),
    });
    expect(await relayByUrl("https://relay.nosidekiq.example/inbox")).toMatchObject({ state: 1 });
    const store = await t.context.store();
    const failed = await store.pool.query("SELECT count(*)::int AS n FROM howdah.audit_log WHERE outcome = 'failed'");
    expect(failed.rows[0].n).toBe(1);
  });

  it("builds URIs with WEB_DOMAIN, as Mastodon's routes do", async () => {
    const web = t.contextWith({ WEB_DOMAIN: "www.howdah.test" });
    await db.query("UPDATE relays SET state = 0, follow_activity_id = NULL WHERE id = 1");
    await actOnRelay(web, actor, { id: "1", action: "enable" });
    const activity = JSON.parse(JSON.parse((await pushJobs())[0]!).args[0]) as { id: string; actor: string };
    expect(activity.actor).toBe("https://www.howdah.test/actor");
    expect(activity.id).toMatch(/^https:\/\/www\.howdah\.test\/[0-9a-f-]{36}$/);
    expect((await relay("1")).follow_activity_id).toBe(activity.id);
  });

  it("marks the change on the before/after charts: Mastodon's log on 4.6, Howdah's audit on 4.3", async () => {
    await db.query("UPDATE relays SET state = 2 WHERE id = 1");
    await actOnRelay(t.context, actor, { id: "1", action: "disable" });
    const { markers } = await getRelayTraffic(t.context, "48h");
    const recent = markers.filter(
      (m) =>
        m.inboxUrl === "https://relay.gentleotter.example/inbox" &&
        m.action === "disable" &&
        Date.now() - Date.parse(m.at) < 600_000,
    );
    // One marker per change: the Howdah audit entry of a change Mastodon logged is not shown twice.
    expect(recent).toEqual([expect.objectContaining({ on: false, source: logs ? "mastodon" : "howdah", by: "admin" })]);
  });

  if (version === "4.3") {
    it("writes under REDIS_NAMESPACE: Sidekiq and main keys prefixed, the cache namespace renamed", async () => {
      const ns = t.contextWith({ REDIS_NAMESPACE: "mastodon" });
      const host = "relay.gentleotter.example";
      await lock.redis.sadd(`mastodon:exhausted_deliveries:${host}`, "20260101");
      await lock.redis.set("mastodon_cache:unavailable_domains", "cached-map");
      await db.query("INSERT INTO unavailable_domains (domain, created_at, updated_at) VALUES ($1, now(), now())", [
        host,
      ]);
      await db.query("UPDATE relays SET state = 0, follow_activity_id = NULL WHERE id = 1");
      await actOnRelay(ns, actor, { id: "1", action: "enable" });
      expect(await lock.redis.exists(`mastodon:exhausted_deliveries:${host}`)).toBe(0);
      expect(await lock.redis.exists("mastodon_cache:unavailable_domains")).toBe(0);
      expect(await pushJobs()).toEqual([]);
      const jobs = await pushJobs("mastodon:");
      expect(jobs).toHaveLength(1);
      expect(await lock.redis.smembers("mastodon:queues")).toEqual(["push"]);
      const row = await relay("1");
      const follow = `{"@context":"https://www.w3.org/ns/activitystreams","id":"${row.follow_activity_id}","type":"Follow","actor":"https://howdah.test/actor","object":"${PUBLIC}"}`;
      expectExactJob(jobs[0]!, [follow, -99, row.inbox_url]);
    });
  }
});
