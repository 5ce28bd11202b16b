import type pg from "pg";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { enqueuedJobJson } from "@/dev/fixtures/sidekiq/formats";
import { getOverview } from "@/lib/overview/get-overview";
import { Permissions } from "@/lib/auth/permissions";
import { collectAll } from "@/lib/metrics/collectors";
import { getRelayLoad } from "./live-load";
import { actOnRelay } from "./manage";
import { rollupRelayTraffic } from "./rollup";
import {
  createRelaysTestInstance,
  insertArrivals,
  lockRelaysRedis,
  type RelaysTestInstance,
  type RelaysTestRedis,
} from "@/dev/testing/relays-test-support";
import { getRelayTraffic } from "./traffic";
import { testPool } from "@/dev/testing/test-pool";

/**
 * The traffic page's data (rollups, markers, ingress latency), live relay
 * load from bounded queue samples, the overview tile and /metrics, on a
 * generated 4.6 instance (relays #1 idle, #2 pending, #3 accepted, #4 rejected).
 */
let lock: RelaysTestRedis;
let t: RelaysTestInstance;
let db: pg.Pool;
let actors: Map<string, string>;

beforeAll(async () => {
  lock = await lockRelaysRedis();
  t = await createRelaysTestInstance("page", "4.6");
  db = testPool(t.connectionString);
  const { rows } = await db.query<{ relay: string; account: string }>(
    `SELECT r.id::text AS relay, a.id::text AS account FROM relays r JOIN accounts a ON a.inbox_url = r.inbox_url
      ORDER BY r.id`,
  );
  actors = new Map(rows.map((r) => [r.relay, r.account]));
}, 600_000);
afterAll(async () => {
  await db?.end();
  await t?.close();
  await lock?.release();
});
beforeEach(async () => lock.clear());

const admin = () => {
  const s = t.generated.signIns.find((x) => x.key === "admin")!;
  return { staff: { accountId: s.accountId, acct: s.username }, ip: null };
};

describe("live relay load", () => {
  const ingressJob = (signer: bigint | number, i: number) =>
    enqueuedJobJson("8.1", {
      class: "ActivityPub::ProcessingWorker",
      args: [signer, `{"id":"https://x.example/${i}","type":"Create"}`, null, "Account"],
      createdAt: 1_754_480_000_000 + i,
    });
  const pushJob = (inbox: string, i: number) =>
    enqueuedJobJson("8.1", {
      class: "ActivityPub::DeliveryWorker",
      args: [`{"id":"https://howdah.test/${i}"}`, 1, inbox, {}],
      createdAt: 1_754_480_000_000 + i,
    });

  it("attributes ingress jobs to relay actors by args[0], keeping ids beyond 2^53 exact", async () => {
    const relayActor = BigInt(actors.get("3")!);
    // An id that differs from the relay actor's only beyond double precision
    // must not match. Generated ids vary in their low bits, so relayActor + 1
    // may round to the next double; one of its two neighbours never does.
    expect(relayActor).toBeGreaterThan(2n ** 53n);
    const nearMiss = [relayActor + 1n, relayActor - 1n].find((id) => Number(id) === Number(relayActor));
    if (nearMiss === undefined) throw new Error(`no neighbour of ${relayActor} shares its double`);
    const jobs = [
      ...Array.from({ length: 30 }, (_, i) => ingressJob(relayActor, i)),
      ...Array.from({ length: 70 }, (_, i) => ingressJob(nearMiss, 100 + i)),
    ];
    await lock.redis.sadd("queues", "ingress", "push");
    await lock.redis.lpush("queue:ingress", ...jobs);
    await lock.redis.lpush(
      "queue:push",
      pushJob("https://relay.sunnycanyon.example/inbox", 1),
      pushJob("https://mastodon.example/inbox", 2),
      pushJob("https://relay.sunnycanyon.example/inbox", 3),
    );
    const load = await getRelayLoad(t.context);
    expect(load.ingress).toMatchObject({
      size: 100,
      sampled: 100,
      ofClass: 100,
      relayJobs: 30,
      share: 0.3,
      estimatedRelayJobs: 30,
    });
    expect(load.ingress.perRelay).toEqual([
      { relayId: "3", inboxUrl: "https://relay.sunnycanyon.example/inbox", jobs: 30 },
    ]);
    expect(load.push).toMatchObject({ size: 3, sampled: 3, relayJobs: 2 });
    expect(load.relayActors).toBe(4);
  });

  it("reads a bounded sample of a long queue and extrapolates", async () => {
    const relayActor = BigInt(actors.get("2")!);
    const jobs = Array.from({ length: 10_000 }, (_, i) => ingressJob(i % 4 === 0 ? relayActor : 12345n, i));
    for (let i = 0; i < jobs.length; i += 1000) await lock.redis.lpush("queue:ingress", ...jobs.slice(i, i + 1000));
    await lock.redis.sadd("queues", "ingress");
    const load = await getRelayLoad(t.context);
    expect(load.sampleLimit).toBe(2000);
    expect(load.ingress.size).toBe(10_000);
    expect(load.ingress.sampled).toBe(2000);
    expect(load.ingress.share).toBeCloseTo(0.25, 1);
    expect(load.ingress.estimatedRelayJobs).toBeGreaterThan(2000);
    expect(load.push).toMatchObject({ size: 0, sampled: 0, share: 0 });
  });
});

describe("traffic page, overview tile and metrics", () => {
  it("reads hourly and daily figures from the rollups, with markers and ingress latency", async () => {
    await actOnRelay(t.context, admin(), { id: "1", action: "enable" });
    const stranger = (
      await db.query<{ id: string }>(
        `SELECT a.id::text AS id FROM accounts a WHERE a.domain IS NOT NULL AND a.actor_type IS DISTINCT FROM
          'Application' AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.target_account_id = a.id) LIMIT 1`,
      )
    ).rows[0]!.id;
    await insertArrivals(db, [{ accountId: stranger, mediaBytes: 10_000 }, { accountId: stranger }]);
    const store = await t.context.store();
    const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000;
    await store.pool.query(
      `INSERT INTO howdah.sidekiq_queue_samples (bucket_seconds, taken_at, queue, size, size_max, latency_seconds,
        latency_max)
       VALUES (60, $1, 'ingress', 10, 12, 4, 6), (60, $2, 'ingress', 10, 12, 8, 9)`,
      [new Date(hour + 60_000).toISOString(), new Date(hour + 120_000).toISOString()],
    );

    const before = await getRelayTraffic(t.context, "48h");
    expect(before.rollup).toBeNull();
    expect(before.points.every((p) => p.statuses === null)).toBe(true);

    await rollupRelayTraffic(t.context);
    const traffic = await getRelayTraffic(t.context, "48h");
    expect(traffic.points).toHaveLength(48);
    const last = traffic.points.at(-1)!;
    expect(last.t).toBe(hour);
    expect(last.relayEstimate).toBeGreaterThanOrEqual(2);
    expect(last.relayMediaBytes).toBeGreaterThanOrEqual(10_000);
    expect(last.ingressLatency).toBe(6);
    expect(last.ingressLatencyMax).toBe(9);
    expect(traffic.latencyAvailable).toBe(true);
    expect(traffic.totals.statuses).toBe(traffic.points.reduce((s, p) => s + (p.statuses ?? 0), 0));
    expect(traffic.totals.other).toBe(traffic.totals.statuses - traffic.totals.followed - traffic.totals.relayEstimate);
    // The worker's top ten equal a sum over its hour rows.
    const { rows: top } = await store.pool.query<{ domain: string; n: number }>(
      `SELECT domain, sum(statuses)::float8 AS n FROM howdah.relay_traffic_hour_domains WHERE hour >= $1 GROUP BY
        domain ORDER BY n DESC, domain LIMIT 10`,
      [new Date(hour - 47 * 3_600_000).toISOString()],
    );
    expect(traffic.topDomains.map((d) => [d.domain, d.statuses])).toEqual(top.map((r) => [r.domain, r.n]));
    expect(top.length).toBeGreaterThan(0);
    // The enable just made: one marker from Mastodon's log (4.6), its Howdah audit twin skipped.
    const now = traffic.markers.filter((m) => Date.now() - Date.parse(m.at) < 600_000);
    expect(now).toEqual([
      expect.objectContaining({
        action: "enable",
        on: true,
        source: "mastodon",
        by: "admin",
        inboxUrl: "https://relay.gentleotter.example/inbox",
      }),
    ]);

    // The 14- and 90-day top tens (one pass over the day rows) equal a sum over those rows.
    const { rows: computed } = await store.pool.query<{ at: Date }>(
      "SELECT min(computed_at) AS at FROM howdah.relay_traffic_top_domains",
    );
    for (const [range, days] of [
      ["14d", 14],
      ["90d", 90],
    ] as const) {
      const fromDay = new Date(
        Math.floor(computed[0]!.at.getTime() / 86_400_000) * 86_400_000 - (days - 1) * 86_400_000,
      )
        .toISOString()
        .slice(0, 10);
      const { rows: dayTop } = await store.pool.query<{ domain: string; n: number; r: number; m: number }>(
        `SELECT domain, sum(statuses)::float8 AS n, sum(relay_estimate)::float8 AS r, sum(media_bytes)::float8 AS m
           FROM howdah.relay_traffic_day_domains WHERE day >= $1::date GROUP BY domain ORDER BY n DESC, domain LIMIT
             10`,
        [fromDay],
      );
      const shown = (await getRelayTraffic(t.context, range)).topDomains;
      expect(shown.map((d) => [d.domain, d.statuses, d.relayEstimate, d.mediaBytes])).toEqual(
        dayTop.map((r) => [r.domain, r.n, r.r, r.m]),
      );
      expect(dayTop.length).toBeGreaterThan(0);
    }

    const daily = await getRelayTraffic(t.context, "90d");
    expect(daily.bucket).toBe("day");
    expect(daily.points).toHaveLength(90);
    const sumHourly = (await getRelayTraffic(t.context, "14d")).points
      .slice(-24 * 7)
      .reduce((s, p) => s + (p.statuses ?? 0), 0);
    expect(daily.points.slice(-8).reduce((s, p) => s + (p.statuses ?? 0), 0)).toBeGreaterThanOrEqual(sumHourly);
    // Markers over 90 days include the generated relays' history.
    expect(daily.markers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          action: "create",
          inboxUrl: "https://relay.amberfox.example/inbox",
          source: "mastodon",
        }),
      ]),
    );
  });

  it("shows a relays tile on the overview for staff who manage federation, and metrics", async () => {
    const staff = {
      userId: "1",
      accountId: admin().staff.accountId,
      acct: "admin",
      displayName: "admin",
      roleName: "Admin",
      permissions: Permissions.fromBits(1 << 5),
    };
    const overview = await getOverview(t.context, staff);
    expect(overview.relays).toMatchObject({ relays: { idle: 0, pending: 2, accepted: 1, rejected: 1 } });
    expect(overview.relays?.last24h.statuses).toBeGreaterThan(0);
    const moderator = { ...staff, permissions: Permissions.fromBits(1 << 4) };
    expect((await getOverview(t.context, moderator)).relays).toBeNull();

    const families = await collectAll(t.context);
    const relays = families.find((f) => f.name === "mastodon_relays")!;
    expect(relays.samples).toEqual(
      expect.arrayContaining([
        { labels: { state: "pending" }, value: 2 },
        { labels: { state: "accepted" }, value: 1 },
        { labels: { state: "idle" }, value: 0 },
      ]),
    );
    const incoming = families.find((f) => f.name === "mastodon_incoming_statuses_total")!;
    expect(incoming.type).toBe("counter");
    expect(incoming.samples.map((s) => s.labels?.source).sort()).toEqual(["followed", "relay_estimate"]);
    expect(incoming.samples.every((s) => s.value > 0)).toBe(true);
  });
});
