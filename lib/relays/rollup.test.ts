import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HOUR_MS, type TrafficCount } from "@/lib/mastodon/relays/traffic-sql";
import type { Store } from "@/lib/store/connection";
import { FIXTURE_VERSIONS } from "@/dev/testing/test-instance";
import { rollupRelayTraffic } from "./rollup";
import { createRelaysTestInstance, insertArrivals, type RelaysTestInstance } from "@/dev/testing/relays-test-support";
import { testPool } from "@/dev/testing/test-pool";

/**
 * Rollups equal a recount: after the backfill, after new statuses arrive
 * (including one that becomes visible late, inside the overlap margin), and
 * when the work is cut into many bounded runs. The recount is the same
 * per-status classification run once over the whole range.
 */
const FIELDS = [
  "statuses",
  "followed",
  "relayEstimate",
  "boosts",
  "mediaBytes",
  "followedMediaBytes",
  "relayMediaBytes",
] as const;
type Sums = Record<(typeof FIELDS)[number], number>;
const DAY_MS = 86_400_000;

function add<K>(into: Map<K, Sums>, key: K, c: TrafficCount) {
  const s = into.get(key) ?? {
    statuses: 0,
    followed: 0,
    relayEstimate: 0,
    boosts: 0,
    mediaBytes: 0,
    followedMediaBytes: 0,
    relayMediaBytes: 0,
  };
  for (const f of FIELDS) s[f] += c[f];
  into.set(key, s);
}

async function stored(store: Store) {
  const num = (r: Record<string, unknown>): Sums => ({
    statuses: Number(r.statuses),
    followed: Number(r.followed),
    relayEstimate: Number(r.relay_estimate),
    boosts: Number(r.boosts),
    mediaBytes: Number(r.media_bytes),
    followedMediaBytes: Number(r.followed_media_bytes),
    relayMediaBytes: Number(r.relay_media_bytes),
  });
  const hours = new Map<number, Sums>();
  for (const r of (await store.pool.query("SELECT * FROM howdah.relay_traffic_hours")).rows)
    hours.set(r.hour.getTime(), num(r));
  const hourDomains = new Map<string, Sums>();
  for (const r of (await store.pool.query("SELECT * FROM howdah.relay_traffic_hour_domains")).rows)
    hourDomains.set(`${r.hour.getTime()}|${r.domain}`, num(r));
  const dayDomains = new Map<string, Sums>();
  for (const r of (
    await store.pool.query("SELECT to_char(day, 'YYYY-MM-DD') AS d, * FROM howdah.relay_traffic_day_domains")
  ).rows)
    dayDomains.set(`${r.d}|${r.domain}`, num(r));
  return { hours, hourDomains, dayDomains };
}

/** Recount everything from Mastodon's tables and compare with every rollup table. */
async function expectRollupsEqualRecount(t: RelaysTestInstance, fromMs: number, nowMs: number) {
  const store = await t.context.store();
  const recount = (await t.context.mastodon.relays.countTraffic(fromMs, nowMs))!;
  const byHour = new Map<number, Sums>();
  const byHourDomain = new Map<string, Sums>();
  const byDayDomain = new Map<string, Sums>();
  for (const c of recount) {
    add(byHour, c.hourMs, c);
    add(byHourDomain, `${c.hourMs}|${c.domain}`, c);
    add(byDayDomain, `${new Date(c.hourMs).toISOString().slice(0, 10)}|${c.domain}`, c);
  }
  const zero: Sums = {
    statuses: 0,
    followed: 0,
    relayEstimate: 0,
    boosts: 0,
    mediaBytes: 0,
    followedMediaBytes: 0,
    relayMediaBytes: 0,
  };
  const s = await stored(store);
  // Every hour from the first counted one to the present has a row, zero when nothing arrived.
  const expectedHours = new Map<number, Sums>();
  for (let h = fromMs; h <= Math.floor(nowMs / HOUR_MS) * HOUR_MS; h += HOUR_MS)
    expectedHours.set(h, byHour.get(h) ?? zero);
  expect(s.hours).toEqual(expectedHours);
  // Hour-domain rows are kept 35 days.
  const keepFrom = Date.now() - 34 * DAY_MS;
  const recent = (m: Map<string, Sums>) => new Map([...m].filter(([k]) => Number(k.split("|")[0]) >= keepFrom));
  expect(recent(s.hourDomains)).toEqual(recent(byHourDomain));
  expect(s.dayDomains).toEqual(byDayDomain);
  await expectTopDomainsEqualRecount(store, recount, nowMs);
  return recount;
}

/**
 * The ten origin servers per chart range equal a ranking of the recount: the rollup keeps the closed days'
 * sums per server and adds today's rows (0023), never summing every day row on a run.
 */
async function expectTopDomainsEqualRecount(store: Store, recount: TrafficCount[], nowMs: number) {
  const today = Math.floor(nowMs / DAY_MS) * DAY_MS;
  const starts = {
    "48h": Math.floor(nowMs / HOUR_MS) * HOUR_MS - 47 * HOUR_MS,
    "14d": today - 13 * DAY_MS,
    "90d": today - 89 * DAY_MS,
  };
  const expected: string[] = [];
  for (const [range, from] of Object.entries(starts)) {
    const sums = new Map<string, Sums>();
    for (const c of recount) if (c.hourMs >= from) add(sums, c.domain, c);
    [...sums]
      .sort(([a, x], [b, y]) => y.statuses - x.statuses || (a < b ? -1 : 1))
      .slice(0, 10)
      .forEach(([domain, v], i) =>
        expected.push(
          [range, i + 1, domain, v.statuses, v.followed, v.relayEstimate, v.mediaBytes, v.relayMediaBytes].join("|"),
        ),
      );
  }
  const { rows } = await store.pool.query<{ k: string }>(
    `SELECT concat_ws('|', range, rank, domain, statuses, followed, relay_estimate, media_bytes, relay_media_bytes) AS k
       FROM howdah.relay_traffic_top_domains `,
  );
  const sorted = (keys: string[]) => [...keys].sort();
  expect(sorted(rows.map((r) => r.k))).toEqual(sorted(expected));
}

describe.each(FIXTURE_VERSIONS)("relay traffic rollup on Mastodon %s", (version) => {
  let t: RelaysTestInstance;
  let db: pg.Pool;
  let firstFrom = 0;

  beforeAll(async () => {
    t = await createRelaysTestInstance("rollup", version);
    db = testPool(t.connectionString);
  });
  afterAll(async () => {
    await db?.end();
    await t?.close();
  });

  it("backfills 90 days and equals a recount", async () => {
    const run = await rollupRelayTraffic(t.context, { budgetMs: 60_000 });
    expect(run.caughtUp).toBe(true);
    firstFrom = run.fromMs;
    expect(run.fromMs).toBe(Math.floor((Date.now() - 90 * DAY_MS) / HOUR_MS) * HOUR_MS);
    const recount = await expectRollupsEqualRecount(t, run.fromMs, run.toMs);
    // The generated instance has every kind of traffic.
    const total = recount.reduce(
      (s, c) => ({ f: s.f + c.followed, r: s.r + c.relayEstimate, b: s.b + c.boosts, n: s.n + c.statuses }),
      { f: 0, r: 0, b: 0, n: 0 },
    );
    expect(total.f).toBeGreaterThan(100);
    expect(total.r).toBeGreaterThan(50);
    expect(total.b).toBeGreaterThan(10);
    expect(total.n).toBeGreaterThan(total.f + total.r);
  });

  it("counts new arrivals incrementally (new ids plus the overlap margin) and still equals a recount", async () => {
    const { rows: followed } = await db.query<{ id: string }>(
      `SELECT DISTINCT f.target_account_id::text AS id FROM follows f JOIN accounts a ON a.id = f.target_account_id
        AND a.domain IS NOT NULL LIMIT 2`,
    );
    const { rows: strangers } = await db.query<{ id: string }>(
      `SELECT a.id::text AS id FROM accounts a WHERE a.domain IS NOT NULL AND a.actor_type IS DISTINCT FROM
        'Application'
          AND NOT EXISTS (SELECT 1 FROM follows f WHERE f.target_account_id = a.id) ORDER BY a.id LIMIT 3`,
    );
    const local = t.generated.signIns.find((s) => s.key === "admin")!.accountId;
    const [f1, f2] = followed.map((r) => r.id);
    const [s1, s2, s3] = strangers.map((r) => r.id);
    await insertArrivals(db, [
      { accountId: f1! },
      { accountId: f2!, mediaBytes: 250_000 },
      { accountId: s1! },
      { accountId: s1!, mediaBytes: 1_200_000 },
      { accountId: s2!, mentions: [local] },
      { accountId: s3!, inReplyToAccountId: local },
      { accountId: s3!, mediaBytes: 40_000 },
      // Committed late with an id from 10 minutes ago: inside the margin.
      { accountId: s2!, atMs: Date.now() - 10 * 60_000, mediaBytes: 5_000 },
    ]);
    const before = await stored(await t.context.store());
    const run = await rollupRelayTraffic(t.context);
    expect(run.caughtUp).toBe(true);
    // Only the last hour or two were read again, not the 90 days.
    expect(run.hours).toBeLessThanOrEqual(3);
    expect(run.fromMs).toBeGreaterThanOrEqual(Math.floor((Date.now() - 2 * HOUR_MS) / HOUR_MS) * HOUR_MS);
    await expectRollupsEqualRecount(t, firstFrom, run.toMs);
    const after = await stored(await t.context.store());
    const sum = (m: Map<number, Sums>, f: keyof Sums) => [...m.values()].reduce((a, s) => a + s[f], 0);
    expect(sum(after.hours, "statuses") - sum(before.hours, "statuses")).toBe(8);
    expect(sum(after.hours, "followed") - sum(before.hours, "followed")).toBe(2);
    expect(sum(after.hours, "relayEstimate") - sum(before.hours, "relayEstimate")).toBe(4);
    expect(sum(after.hours, "relayMediaBytes") - sum(before.hours, "relayMediaBytes")).toBe(1_245_000);
    expect(sum(after.hours, "followedMediaBytes") - sum(before.hours, "followedMediaBytes")).toBe(250_000);
  });

  it("is idempotent: running again changes nothing", async () => {
    const before = await stored(await t.context.store());
    await rollupRelayTraffic(t.context);
    const after = await stored(await t.context.store());
    expect(after).toEqual(before);
  });

  it("halves a piece that hits the statement timeout, down to 15 minutes, and still equals a recount", async () => {
    const store = await t.context.store();
    await store.pool.query(
      `TRUNCATE howdah.relay_traffic_hours, howdah.relay_traffic_hour_domains, howdah.relay_traffic_day_domains,
        howdah.relay_traffic_state`,
    );
    const relays = t.context.mastodon.relays;
    const widths: number[] = [];
    // A replica that cancels any count over more than 30 minutes of ids, as a busy one would
    // (the relays area answers null when the statement timeout cancelled the count).
    const refuseWide = async (fromMs: number, toMs: number) => {
      const minutes = (toMs - fromMs) / 60_000;
      widths.push(minutes);
      if (minutes > 30) return null;
      return relays.countTraffic(fromMs, toMs);
    };
    const context = {
      ...t.context,
      mastodon: { ...t.context.mastodon, relays: { ...relays, countTraffic: refuseWide } },
    };
    const now = Date.now();
    const run = await rollupRelayTraffic(context, { now, backfillDays: 1, budgetMs: 60_000 });
    expect(run.caughtUp).toBe(true);
    // Wide pieces were refused and retried narrower; the run still reached the present.
    expect(widths.filter((w) => w > 30).length).toBeGreaterThan(0);
    expect(widths.filter((w) => w <= 30).length).toBeGreaterThanOrEqual(24 * 2);
    const recount = (await relays.countTraffic(run.fromMs, now))!;
    const stored = await store.pool.query<{ n: string }>(
      "SELECT sum(statuses)::text AS n FROM howdah.relay_traffic_hours",
    );
    expect(Number(stored.rows[0]!.n)).toBe(recount.reduce((a, c) => a + c.statuses, 0));
  });

  it("does bounded work per run and, run after run, reaches the same figures", async () => {
    const store = await t.context.store();
    await store.pool.query(
      `TRUNCATE howdah.relay_traffic_hours, howdah.relay_traffic_hour_domains, howdah.relay_traffic_day_domains,
        howdah.relay_traffic_state`,
    );
    let runs = 0;
    let last;
    do {
      last = await rollupRelayTraffic(t.context, { maxPieces: 4, pieceMinutes: 60 * 24 });
      expect(last.pieces).toBeLessThanOrEqual(4);
      runs++;
    } while (!last.caughtUp && runs < 100);
    expect(last.caughtUp).toBe(true);
    expect(runs).toBeGreaterThan(3);
    await expectRollupsEqualRecount(t, firstFrom, last.toMs);
  });

  it("keeps the top servers equal to a recount when the day changes (the closed days' sums recomputed)", async () => {
    const store = await t.context.store();
    const before = await store.pool.query<{ d: string }>(
      "SELECT to_char(windows_through, 'YYYY-MM-DD') AS d FROM howdah.relay_traffic_state",
    );
    const tomorrow = Date.now() + DAY_MS;
    const run = await rollupRelayTraffic(t.context, { now: tomorrow });
    const after = await store.pool.query<{ d: string }>(
      "SELECT to_char(windows_through, 'YYYY-MM-DD') AS d FROM howdah.relay_traffic_state",
    );
    expect(after.rows[0]!.d).toBe(new Date(tomorrow - DAY_MS).toISOString().slice(0, 10));
    expect(after.rows[0]!.d).not.toBe(before.rows[0]!.d);
    await expectRollupsEqualRecount(t, firstFrom, run.toMs);
  });
});
